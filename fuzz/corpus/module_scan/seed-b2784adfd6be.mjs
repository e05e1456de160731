import bunSqlite from 'db0/connectors/bun-sqlite';

export const handler = async () => ({ statusCode: 200, t: typeof bunSqlite });
