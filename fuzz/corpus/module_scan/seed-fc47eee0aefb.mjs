import { createDatabase } from 'db0';
import mysql2 from 'db0/connectors/mysql2';

export const handler = async () => ({ statusCode: 200, t: typeof createDatabase + typeof mysql2 });
