import { twice } from './lib/util.mjs';

export const handler = async (event) => {
  if (event && event.useOptional) {
    // lambda-esm-lint-disable-next-line import-unresolved -- installed only in the batch image
    const optional = await import('optional-dep');
    return optional.default(event);
  }
  return { statusCode: 200, v: twice(2) };
};
