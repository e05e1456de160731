export const api = {
  get: async () => ({ statusCode: 200 }),
};
