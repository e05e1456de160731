// A handler as many teams write it: an ES module using a package that the
// layer provides.
import ms from 'ms';

export const handler = async () => {
  return { timeout: ms('2 minutes') };
};
