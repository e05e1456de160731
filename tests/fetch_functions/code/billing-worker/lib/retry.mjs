export const retryDelay = '30s';
