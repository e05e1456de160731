import pg from 'pg-lite';

export const handler = async () => typeof pg.Client;
