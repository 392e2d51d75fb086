import { ConfigError, loadConfig, serviceConfigSchema } from './config';

const valid = { KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27017', JWT_PUBLIC_KEYS: '{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"a","y":"b"}]}' };

describe('loadConfig', () => {
  it('parses and types a valid environment, with defaults', () => {
    const config = loadConfig(serviceConfigSchema, { ...valid, PORT: '3101' });
    expect(config).toMatchObject({ PORT: 3101, KAFKA_BROKERS: ['127.0.0.1:9092'], LOG_LEVEL: 'info', HOST: '127.0.0.1' });
  });

  it('names every missing or malformed variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(serviceConfigSchema, { MONGO_URL: 'postgres://nope', JWT_PUBLIC_KEYS: 'secret', PORT: 'eighty' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.issues.join('\n');
    expect(text).toMatch(/^KAFKA_BROKERS: Required/m);
    expect(text).toMatch(/^MONGO_URL: must be a mongodb:\/\/ URL/m);
    expect(text).toMatch(/^JWT_PUBLIC_KEYS: must be a JSON Web Key Set/m);
    expect(text).toMatch(/^PORT: /m);
  });

  it('refuses a broker list entry without a port', () => {
    expect(() => loadConfig(serviceConfigSchema, { ...valid, KAFKA_BROKERS: 'kafka' })).toThrow(/KAFKA_BROKERS/);
  });
});
