const idl = require('idl-lite');

exports.handler = async () => typeof idl.isResizable;
