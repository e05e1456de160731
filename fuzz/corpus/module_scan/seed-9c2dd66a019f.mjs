import chalk from 'chalk';

export const handler = async () => ({ statusCode: 200, body: chalk.red('x') });
