
'use strict';
const fs = require('fs');
exports.handler = async () => 1;
module.exports.other = function (a) {};
Object.defineProperty(exports, 'x', { value: 1 });
module.exports = { handler, ...rest, [k]: 1, m() {} };
if (typeof require === 'function') { __dirname; __filename; }
