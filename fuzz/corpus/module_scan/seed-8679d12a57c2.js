const api = {};
api.greet = (name) => `hello ${name}`;
module.exports = api;
