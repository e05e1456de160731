// Syntax newer than ES2020 that Node 20 and 24 both accept.
const config = await Promise.resolve({ retries: 1_000, nested: { deep: 'ok' } });

class Counter {
  static #instances = 0;
  #count = 0;
  static {
    Counter.#instances = 0;
  }
  static isCounter(obj) {
    return #count in obj;
  }
  increment() {
    Counter.#instances += 1;
    return ++this.#count;
  }
}

const word = /[\p{L}--[a-z]]/v;
const here = import.meta.dirname ?? '';

export const handler = async (event) => {
  const counter = new Counter();
  counter.increment();
  const id = event?.detail?.id ?? 'none';
  return {
    statusCode: 200,
    body: [Counter.isCounter(counter), config.nested?.deep, config.retries, word.test('X'), typeof here, id].join(','),
  };
};
