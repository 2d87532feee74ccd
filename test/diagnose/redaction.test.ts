import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectEvidence } from '../../src/diagnose/collectEvidence.js';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { describeContainerSpec } from '../../src/diagnose/describePod.js';
import { redactArgv, redactObject, redactText } from '../../src/diagnose/redact.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { NOW, PODS, caseA, logsFrom } from './seedCases.js';

/** Planted secrets: `secret` must never reach the LLM; `line` is how it appears. */
const ENV: { name: string; secret: string }[] = [
  { name: 'DB_PASSWORD', secret: 'Tr0ub4dor&3xyz' },
  { name: 'OPENAI_API_KEY', secret: 'sk-proj-AbCdEf1234567890GhIjKlMnOp' },
  { name: 'FEATURE_FLAGS', secret: 'plain-env-value-is-still-hidden-42' },
  { name: 'AWS_SECRET_ACCESS_KEY', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { name: 'SLACK_TOKEN', secret: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx' },
  { name: 'SENDGRID_KEY', secret: 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJK' },
];
const ARGS: { arg: string; secret: string }[] = [
  { arg: '--db-url=postgres://admin:PgPassw0rd!@db.internal:5432/app', secret: 'PgPassw0rd!' },
  { arg: '--token ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', secret: 'ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' },
  { arg: '--password hunter2hunter2', secret: 'hunter2hunter2' },
  { arg: "curl -H 'Authorization: Bearer abcDEF123ghiJKL456mno' http://api", secret: 'abcDEF123ghiJKL456mno' },
];
const EVENTS: { line: string; secret: string }[] = [
  { line: 'failed to authorize: Basic dXNlcjpwYXNzd29yZDEyMw==', secret: 'dXNlcjpwYXNzd29yZDEyMw==' },
  { line: 'connect to redis://:R3disPass99@redis:6379 refused', secret: 'R3disPass99' },
  { line: 'POST https://hooks.slack.com/services/T0AAA1111/B0BBB2222/abcdefghijklmnopqrstuvwx failed', secret: 'abcdefghijklmnopqrstuvwx' },
  { line: 'image pull secret of ops-team@example.com was rejected', secret: 'ops-team@example.com' },
  { line: 'credentials AKIAIOSFODNN7EXAMPLE are not allowed to pull', secret: 'AKIAIOSFODNN7EXAMPLE' },
  { line: 'npm ERR! token npm_abcdefghijklmnopqrstuvwxyz0123456789 expired', secret: 'npm_abcdefghijklmnopqrstuvwxyz0123456789' },
];
const PEM_BODY = 'MIIEowIBAAKCAQEAx7Zk3ZqQmTqJZlQ4uT1vNnE2XbYcQ8a0kVfTn6Yw9KpLr2sD';
const LOGS: { line: string; secret: string }[] = [
  { line: 'level=info msg="connecting" password=logPassw0rd', secret: 'logPassw0rd' },
  {
    line: 'auth header eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    secret: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  },
  { line: `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\nq2XbYcQ8a0kVfTn6Yw9KpLr2sDMIIEowIBAAKCAQEAx7Zk3Zq\n-----END RSA PRIVATE KEY-----`, secret: PEM_BODY },
  {
    line: '{"type":"service_account","private_key_id":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678","private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCgcp\\n-----END PRIVATE KEY-----\\n","client_email":"bot@proj-1.iam.gserviceaccount.com"}',
    secret: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  },
  { line: 'gcp key body MIIEvQIBADANBgkqhkiG9w0BAQEFAASCgcp was loaded', secret: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCgcp' },
  { line: 'service account bot@proj-1.iam.gserviceaccount.com', secret: 'bot@proj-1.iam.gserviceaccount.com' },
  {
    line: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=;EndpointSuffix=core.windows.net',
    secret: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=',
  },
  { line: 'GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&ss=b&sig=AbCdEf%2BGhIjKl%3D&se=2026-01-01 403', secret: 'AbCdEf%2BGhIjKl%3D' },
  { line: 'dial mongodb+srv://user:M0ngoPass@cluster0.mongodb.net failed', secret: 'M0ngoPass' },
  { line: 'Server=tcp:db.database.windows.net;Database=app;User ID=sa;Password=SqlS3rverPwd;', secret: 'SqlS3rverPwd' },
  { line: 'maps key AIzaSyA1234567890abcdefghijklmnopqrstuv rejected', secret: 'AIzaSyA1234567890abcdefghijklmnopqrstuv' },
  { line: 'Authorization: Bearer ya29.a0AfH6SMBx1234567890abcdef', secret: 'ya29.a0AfH6SMBx1234567890abcdef' },
  { line: 'user john.doe@corp.example.org logged in', secret: 'john.doe@corp.example.org' },
  { line: 'export OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz123456', secret: 'sk-abcdefghijklmnopqrstuvwxyz123456' },
  { line: 'using github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', secret: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz' },
  { line: 'gitlab glpat-abcdefghij1234567890 denied', secret: 'glpat-abcdefghij1234567890' },
  { line: 'stripe sk_live_51HabcdefghijKLMNOPqrstuv', secret: 'sk_live_51HabcdefghijKLMNOPqrstuv' },
  { line: 'aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
  { line: 'session=Q2hhbmdlTWUxMjM0NTY3ODkwQWJjZGVmZ2hpams', secret: 'Q2hhbmdlTWUxMjM0NTY3ODkwQWJjZGVmZ2hpams' },
  { line: 'client_secret: 8Q~abcDEFghiJKLmnoPQRstu', secret: '8Q~abcDEFghiJKLmnoPQRstu' },
  { line: 'X-Api-Key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0', secret: '9f8e7d6c5b4a39281706f5e4d3c2b1a0' },
  { line: 'mirror ftp://deploy:FtpSecret123@files.example.com', secret: 'FtpSecret123' },
  { line: '{"auths":{"registry.example.com":{"auth":"ZGV2OnMzY3IzdFB3ZA=="}}}', secret: 'ZGV2OnMzY3IzdFB3ZA==' },
];
const ANNOTATIONS: { key: string; value: string; secret: string }[] = [
  { key: 'kubectl.kubernetes.io/last-applied-configuration', value: '{"password":"AnnotPassw0rd"}', secret: 'AnnotPassw0rd' },
  { key: 'vault.hashicorp.com/token', value: 'hvs.CAESIabcdefghijklmnop', secret: 'hvs.CAESIabcdefghijklmnop' },
];
const FINDING: { line: string; secret: string }[] = [
  { line: 'Readiness probe failed: Get "http://admin:ProbePass42@10.0.0.1:8080/health"', secret: 'ProbePass42' },
  { line: 'container exited: token=rootCauseTok3n123 invalid', secret: 'rootCauseTok3n123' },
];
const CONVERSATION: { line: string; secret: string }[] = [
  { line: 'is my password=Qu3stionPass leaked?', secret: 'Qu3stionPass' },
  { line: 'I rotated AKIAABCDEFGHIJ234567 already', secret: 'AKIAABCDEFGHIJ234567' },
];
const ALL = [...ENV, ...ARGS, ...EVENTS, ...LOGS, ...ANNOTATIONS, ...FINDING, ...CONVERSATION];

function plantedCase() {
  const { snapshot, finding } = caseA(ENV.map(({ name, secret }) => ({ name, value: secret })));
  const pod = snapshot.pods[0];
  const container = pod?.spec?.containers[0];
  if (!pod?.metadata || !container) throw new Error('fixture changed');
  pod.metadata.annotations = Object.fromEntries(ANNOTATIONS.map((a) => [a.key, a.value]));
  container.command = ['sh', '-c'];
  container.args = ARGS.map((a) => a.arg);
  snapshot.events.push(
    ...EVENTS.map((e, i) => ({
      metadata: { name: `planted-${i}`, namespace: 'k8s-and-chatgpt' },
      involvedObject: { kind: 'Pod', namespace: 'k8s-and-chatgpt', name: PODS[0] as string },
      type: 'Warning',
      reason: `Planted${i}`,
      message: e.line,
      count: 1,
      lastTimestamp: new Date(NOW - 60_000),
    })),
  );
  finding.evidence.push(...FINDING.map((f) => f.line));
  finding.rootCause.push(FINDING[1]?.line as string);
  const logs = logsFrom({ [`${PODS[0]}/ubuntu/previous`]: LOGS.map((l) => l.line).join('\n') });
  return { snapshot, finding, logs };
}

describe('redaction', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it(`plants ${ALL.length} secrets; none reaches the LLM, in diagnoses or follow-ups, anonymized or not`, async () => {
    expect(ALL.length).toBeGreaterThanOrEqual(40);
    const { snapshot, finding, logs } = plantedCase();
    // A large budget: nothing is cut, so every planted line is really in the prompt (redacted).
    const evidence = await collectEvidence(finding, snapshot, { logs, now: () => NOW, logTailLines: 200 });
    const llm = createLlmClient({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
    for (const anonymize of [false, true]) {
      const diagnoser = createDiagnoser({ llm, tokenBudget: 20_000, anonymize });
      await diagnoser.diagnose({ finding, evidence });
      fake.script({ kind: 'content', content: 'Rotate it.' });
      await diagnoser.answerFollowup({
        finding,
        evidence,
        freshEvidence: evidence,
        history: [{ role: 'user', text: CONVERSATION[1]?.line as string }, { role: 'assistant', text: 'ok' }],
        question: CONVERSATION[0]?.line as string,
      });
    }
    expect(fake.requests).toHaveLength(4);
    const sent = fake.requests.map((r) => `${r.raw}\n${r.body.messages.map((m) => m.content).join('\n')}`).join('\n');
    // The planted lines did reach the prompt, in redacted form: the test would see a leak.
    expect(sent).toContain('password=<redacted:secret>');
    expect(sent).toContain('<redacted:private-key>');
    expect(sent).toContain('DB_PASSWORD=<redacted>');
    expect(sent).toContain('Back-off restarting failed container ubuntu');
    const leaked = ALL.filter(({ secret }) => sent.includes(secret)).map(({ secret }) => secret);
    expect(leaked).toEqual([]);
  });

  it('keeps the text that explains a failure', () => {
    for (const line of [
      'Back-off restarting failed container ubuntu in pod test-deployment-f4955dc4d-95wrl_k8s-and-chatgpt(b3d79768-1bbd-470f-bb02-ebfaea2c53f9)',
      'failed to fetch anonymous token: unexpected status: 401 Unauthorized',
      'Error: couldn\'t find key password in Secret k8s-and-chatgpt/db-creds',
      'MountVolume.SetUp failed for volume "secret-vol" : secret "db-creds" not found',
      'Basic authentication failed for user',
      'failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized',
      'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
      'unauthorized: authentication required',
      'oauth2: cannot fetch token: 400 Bad Request',
      'FATAL: password authentication failed for user "app"',
      'no basic auth credentials',
      'exceeded quota: compute-resources, requested: limits.memory=2Gi, used: limits.memory=7Gi, limited: limits.memory=8Gi',
      'Liveness probe failed: Get "http://10.244.1.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      'containerd://4f1c2a3b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081',
      'Pulling image "registry.example.com/team/app@sha256:0123456789abcdef0123456789abcdef"',
    ]) {
      expect(redactText(line)).toBe(line);
    }
  });

  it('removes the argument after a secret flag in commands, args and exec probes', () => {
    const spec = describeContainerSpec({
      name: 'cache',
      image: 'redis:7',
      command: ['redis-server', '--requirepass', 'R3quir3dPass'],
      args: ['--password', 'Sup3rS3cret!', '--db-token', 'abcdef123456', '--port', '6379'],
      livenessProbe: { exec: { command: ['redis-cli', '-a', 'hunter2pass', 'ping'] } },
    }).join('\n');
    for (const secret of ['R3quir3dPass', 'Sup3rS3cret!', 'abcdef123456', 'hunter2pass']) expect(spec).not.toContain(secret);
    expect(spec).toContain('"--port","6379"');
    expect(redactArgv(['run', '--token=ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'])).toEqual(['run', '--token=<redacted:api-key>']);
  });

  it('finds secrets in JSON that a log line escaped, and in *_PASS variables', () => {
    expect(redactText('payload="{\\"api_key\\":\\"abc123xyz\\",\\"user\\":\\"bob\\"}"')).toBe('payload="{\\"api_key\\":\\"<redacted:secret>\\",\\"user\\":\\"bob\\"}"');
    expect(redactText('REDIS_PASS=s3cr3tvalue bypass=yes passenger_count=3')).toBe('REDIS_PASS=<redacted:secret> bypass=yes passenger_count=3');
  });

  it('is idempotent and names what it removed', () => {
    const once = redactText('DB_PASSWORD=abc123 and Bearer abcDEF123ghiJKL456mno');
    expect(once).toBe('DB_PASSWORD=<redacted:secret> and Bearer <redacted:credential>');
    expect(redactText(once)).toBe(once);
    expect(redactText(`password: "two words" and DB_PASSWORD='a b'`)).toBe(`password: "<redacted:secret>" and DB_PASSWORD='<redacted:secret>'`);
  });
});

describe('redactObject', () => {
  it('removes Secret and ConfigMap data, env values and last-applied copies, keeps keys and structure', () => {
    const list = {
      kind: 'List',
      items: [
        { kind: 'Secret', metadata: { name: 'db' }, data: { password: 'c2VjcmV0MQ==' }, stringData: { url: 'postgres://u:Pw0rd9@db' } },
        { kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.yaml': 'feature: on' } },
        {
          kind: 'Pod',
          metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":"AnnotPassw0rd"}', team: 'a' } },
          spec: { containers: [{ name: 'web', env: [{ name: 'A', value: 'plainValue7' }, { name: 'B', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }], args: ['--password=Arg5ecret'] }] },
        },
      ],
    };
    const redacted = redactObject(list);
    const text = JSON.stringify(redacted);
    for (const secret of ['c2VjcmV0MQ==', 'Pw0rd9', 'feature: on', 'AnnotPassw0rd', 'plainValue7', 'Arg5ecret']) expect(text).not.toContain(secret);
    expect(redacted.items[0]).toMatchObject({ data: { password: '<redacted>' }, stringData: { url: '<redacted>' } });
    expect(redacted.items[2]).toMatchObject({
      metadata: { annotations: { team: 'a' } },
      spec: { containers: [{ env: [{ name: 'A', value: '<redacted>' }, { name: 'B', valueFrom: { secretKeyRef: { key: 'password' } } }] }] },
    });
    expect(list.items[0]).toMatchObject({ data: { password: 'c2VjcmV0MQ==' } });
  });
});
