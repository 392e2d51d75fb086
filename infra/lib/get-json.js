'use strict';
const http = require('node:http');

/**
 * GET a URL and read its JSON: `{ status, body }` (the text when it is not JSON; status 0 and body
 * null when nothing answered within the timeout). For the scripts that poll services' health.
 */
function getJson(url, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, body: JSON.parse(body) });
        } catch {
          resolve({ status: res.statusCode, body });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: null }));
  });
}

module.exports = { getJson };
