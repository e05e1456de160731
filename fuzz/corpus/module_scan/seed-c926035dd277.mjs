import { twice } from '../lib';

console.log(twice(1));
