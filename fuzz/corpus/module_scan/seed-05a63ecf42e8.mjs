export { default as api } from 'missing-api-client';
