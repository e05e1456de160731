import ms from 'ms';
import { nanoid } from 'nanoid';
import { retryDelay } from './lib/retry.mjs';

export const handler = async () => ({ id: nanoid(), wait: ms(retryDelay) });
