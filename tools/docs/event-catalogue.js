'use strict';
// `npm run docs:events`: generates docs/asyncapi.json, the event catalogue (see event-catalogue/generate.ts).
const { registerTs } = require('./event-catalogue/register-ts');

registerTs();
process.exitCode = require('./event-catalogue/generate.ts').main(process.argv.slice(2));
