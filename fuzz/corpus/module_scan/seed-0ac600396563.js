'use strict';

exports.S3Client = class S3Client {
  send() { return Promise.resolve({}); }
};
