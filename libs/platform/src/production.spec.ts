import { commonProductionProblems, pointsAtLocalSink } from './production';

const strong = 'q8Zr1vX4pL0sK9mN2bT7cY5wH3jF6gD';
const jwks = (kid: string) => JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', kid, x: 'a', y: 'b' }] });

describe('production mode', () => {
  it('accepts strong secrets and production keys', () => {
    expect(commonProductionProblems({ NOTIFICATION_SECRET: strong, JWT_PUBLIC_KEYS: jwks('prod-2026-12'), SEED_DEMO_DATA: 'false' })).toEqual([]);
  });

  it('refuses published, placeholder and low-variety secrets, naming the variable', () => {
    const problems = commonProductionProblems({
      NOTIFICATION_SECRET: 'change-me-this-is-a-development-secret-only',
      DEMO_PASSWORD: 'clinic-flow-demo',
      SMS_API_KEY: 'x'.repeat(40),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^NOTIFICATION_SECRET is a value published/),
      expect.stringMatching(/^DEMO_PASSWORD is a value published/),
      expect.stringMatching(/^SMS_API_KEY has too little variety/),
    ]);
  });

  it('refuses keys generated for development or tests, and demo data', () => {
    expect(commonProductionProblems({ JWT_PUBLIC_KEYS: jwks('dev-dev-2026-12-01-abc123'), SEED_DEMO_DATA: 'true' })).toEqual([
      expect.stringMatching(/^JWT_PUBLIC_KEYS contains keys generated for development or tests \(kid dev-dev-2026-12-01-abc123\)/),
      expect.stringMatching(/^SEED_DEMO_DATA is on/),
    ]);
  });

  it('knows the local sinks', () => {
    expect(pointsAtLocalSink('smtp://127.0.0.1:1025')).toBe(true);
    expect(pointsAtLocalSink('http://sms-sink:1090')).toBe(true);
    expect(pointsAtLocalSink('smtps://smtp.provider.example:465')).toBe(false);
  });
});
