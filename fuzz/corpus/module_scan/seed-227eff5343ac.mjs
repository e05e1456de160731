import { faker } from '@faker-js/faker';

console.log(faker.person.fullName());
