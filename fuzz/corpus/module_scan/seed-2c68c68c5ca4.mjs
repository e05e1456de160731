import { v4 } from 'uuid';

console.log(v4());
