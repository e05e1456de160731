import hasProtocol from 'url-kit';

export const handler = async () => typeof hasProtocol;
