/**
 * Secret formats that must never leave the cluster, one realistic sample each, as it shows up in
 * an env value, a command line, a log line, an event or a termination message. `secret` is the
 * part that must not appear in anything sent to the LLM or to Slack. Every sample is made up.
 * Add a row for every new format found leaking; the security test and `npm run bench:redact`
 * both read this list.
 */
export interface SecretFormat {
  name: string;
  sample: string;
  secret: string;
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  // Key names that say "secret", any case, `=` or `:`, short values included.
  { name: 'env *_PASSWORD', sample: 'DB_PASSWORD=Tr0ub4dor&3xyz', secret: 'Tr0ub4dor&3xyz' },
  { name: 'short base64 *_KEY with =', sample: 'ENCRYPTION_KEY=c2VjcmV0', secret: 'c2VjcmV0' },
  { name: 'short base64 *_KEY with :', sample: 'MASTER_KEY: YWJjZA==', secret: 'YWJjZA==' },
  { name: 'short base64 *_SECRET with :', sample: 'JWT_SECRET: aGVsbG8', secret: 'aGVsbG8' },
  { name: 'short *_TOKEN with :', sample: 'GITHUB_TOKEN: Zm9vYmFy', secret: 'Zm9vYmFy' },
  { name: 'lowercase *_token', sample: 'refresh_token=dGhpc2lzaXQ', secret: 'dGhpc2lzaXQ' },
  { name: 'lowercase api_key:', sample: 'api_key: qwertyzxcv', secret: 'qwertyzxcv' },
  { name: 'camelCase apiKey in JSON', sample: '{"apiKey":"k3yV4lue9","region":"eu-west-1"}', secret: 'k3yV4lue9' },
  { name: 'clientSecret in YAML', sample: 'clientSecret: vErYs3cr3tCl1ent', secret: 'vErYs3cr3tCl1ent' },
  { name: 'passphrase=', sample: 'loading key with passphrase=correct-horse-battery', secret: 'correct-horse-battery' },
  { name: 'password in quotes with spaces', sample: 'password: "two words here"', secret: 'two words here' },
  { name: 'password in escaped JSON', sample: 'payload="{\\"password\\":\\"esc4pedPw\\"}"', secret: 'esc4pedPw' },
  { name: 'X-Api-Key header', sample: 'X-Api-Key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0', secret: '9f8e7d6c5b4a39281706f5e4d3c2b1a0' },
  { name: 'Java system property', sample: '-Djavax.net.ssl.trustStorePassword=Ch4ngeIt', secret: 'Ch4ngeIt' },
  { name: 'spring datasource password', sample: 'spring.datasource.password=Spr1ngPw', secret: 'Spr1ngPw' },
  { name: 'Azure storage connection string', sample: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=;EndpointSuffix=core.windows.net', secret: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A=' },
  { name: 'SQL Server connection string', sample: 'Server=tcp:db.database.windows.net;Database=app;User ID=sa;Password=SqlS3rverPwd;', secret: 'SqlS3rverPwd' },
  { name: 'k3s node token', sample: 'K3S_TOKEN=K10a1b2c3d4e5f60718293a4b5c6d7e8f9::server:7f3e9a1c2b', secret: 'K10a1b2c3d4e5f60718293a4b5c6d7e8f9' },
  // Command-line credentials.
  { name: 'curl -u user:pass', sample: 'curl -u admin:CurlPa55 https://api.internal/health', secret: 'CurlPa55' },
  { name: 'curl --user=user:pass', sample: 'curl --user=deploy:D3ployPw https://api.internal', secret: 'D3ployPw' },
  { name: 'mysql -pSECRET', sample: 'mysql -h db -uroot -pMyR00tPw app', secret: 'MyR00tPw' },
  { name: 'mysql -p SECRET', sample: 'mysqldump -u backup -p Dump3rPw --all-databases', secret: 'Dump3rPw' },
  { name: 'mysql in sh -c', sample: 'sh -c "mysqladmin -uroot -pAdm1nPw ping"', secret: 'Adm1nPw' },
  { name: 'redis-cli -a', sample: 'redis-cli -h redis -a R3disAuth99 ping', secret: 'R3disAuth99' },
  { name: 'redis-cli -a in sh -c', sample: "sh -c 'redis-cli -a Sh3llRed1s info'", secret: 'Sh3llRed1s' },
  { name: 'redis-server --requirepass', sample: 'redis-server --requirepass Requ1redPw', secret: 'Requ1redPw' },
  { name: 'mongosh -p', sample: 'mongosh --host mongo -u root -p M0ngoShPw', secret: 'M0ngoShPw' },
  { name: 'docker login -p', sample: 'docker login -u ci -p D0ckerL0gin registry.example.com', secret: 'D0ckerL0gin' },
  { name: 'sshpass -p', sample: 'sshpass -p Ssh4ccess ssh ops@bastion', secret: 'Ssh4ccess' },
  { name: '--*-key=', sample: '--license-key=LIC-7788-9900-ABCD', secret: 'LIC-7788-9900-ABCD' },
  { name: '--*-token value', sample: 'kubeadm join 10.0.0.1:6443 --bootstrap-token abcdef.0123456789abcdef', secret: 'abcdef.0123456789abcdef' },
  { name: '--token=', sample: 'vault-agent --token=V4ultAg3ntTok', secret: 'V4ultAg3ntTok' },
  { name: '--password value', sample: 'app --password hunter2hunter2 --port 8080', secret: 'hunter2hunter2' },
  { name: '--db-password=', sample: '--db-password=Pg_S3cret', secret: 'Pg_S3cret' },
  { name: 'openssl -passin pass:', sample: 'openssl rsa -in key.pem -passin pass:0pensslPw', secret: '0pensslPw' },
  // Credentials in URLs, reserved characters in the password included.
  { name: 'postgres URL', sample: 'dial postgres://admin:PgPassw0rd!@db.internal:5432/app failed', secret: 'PgPassw0rd!' },
  { name: 'URL password with /', sample: 'connect amqp://guest:ab/cd+ef@rabbitmq:5672/ refused', secret: 'ab/cd+ef' },
  { name: 'URL password with : and #', sample: 'redis://default:p:a#ss@redis-master:6379/0', secret: 'p:a#ss' },
  { name: 'URL password with @', sample: 'mongodb://app:p@ssw0rd@mongo-0.mongo:27017/app', secret: 'p@ssw0rd' },
  { name: 'URL empty user', sample: 'redis://:R3disPass99@redis:6379 refused', secret: 'R3disPass99' },
  { name: 'mongodb+srv URL', sample: 'mongodb+srv://user:M0ngoPass@cluster0.mongodb.net/db', secret: 'M0ngoPass' },
  // Authorization headers.
  { name: 'Bearer token', sample: 'Authorization: Bearer abcDEF123ghiJKL456mno', secret: 'abcDEF123ghiJKL456mno' },
  { name: 'short Bearer token', sample: 'curl -H "Authorization: Bearer t0k3n"', secret: 't0k3n' },
  { name: 'lowercase bearer', sample: 'authorization: bearer abc123xyz', secret: 'abc123xyz' },
  { name: 'Basic credentials', sample: 'failed to authorize: Basic dXNlcjpwYXNzd29yZDEyMw==', secret: 'dXNlcjpwYXNzd29yZDEyMw==' },
  { name: 'JWT', sample: 'token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', secret: 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c' },
  { name: 'docker config auth', sample: '{"auths":{"registry.example.com":{"auth":"ZGV2OnMzY3IzdFB3ZA=="}}}', secret: 'ZGV2OnMzY3IzdFB3ZA==' },
  // Vendor tokens with known prefixes.
  { name: 'Vault service token', sample: 'vault token hvs.CAESIJlWaf3kR0mYz1QpL2v7Xg9TbNcDeFhGiJkLmNoP expired', secret: 'hvs.CAESIJlWaf3kR0mYz1QpL2v7Xg9TbNcDeFhGiJkLmNoP' },
  { name: 'Vault legacy token', sample: 'using s.Qf1s5zigZ4yX6BmTvrYAfaSe for login', secret: 's.Qf1s5zigZ4yX6BmTvrYAfaSe' },
  { name: 'npm token', sample: '//registry.npmjs.org/:_authToken=npm_TCllNwh2WLQlMWVhybM1iQrsTj6rMQ0BOh6d', secret: 'npm_TCllNwh2WLQlMWVhybM1iQrsTj6rMQ0BOh6d' },
  { name: 'PyPI token', sample: 'twine upload -p pypi-AgEIcHlwaS5vcmcCJGE4ZmM1YjQ5LTg3MzEtNDFmMy1hMzA0LWQ3ZDM2ZGNiYjNiZAACKlszLCJmZWQ3', secret: 'pypi-AgEIcHlwaS5vcmcCJGE4ZmM1YjQ5LTg3MzEtNDFmMy1hMzA0LWQ3ZDM2ZGNiYjNiZAACKlszLCJmZWQ3' },
  { name: 'GitLab PAT', sample: 'git clone https://oauth2@gitlab.com/g/p.git with glpat-xK9mQ2vL7nR4tY8wZ3aB', secret: 'glpat-xK9mQ2vL7nR4tY8wZ3aB' },
  { name: 'GitLab runner token', sample: 'runner registered with glrt-t3_Zx8Yw7Vu6Ts5Rq4Po3Nm', secret: 'glrt-t3_Zx8Yw7Vu6Ts5Rq4Po3Nm' },
  { name: 'GitHub PAT', sample: 'git push with ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', secret: 'ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' },
  { name: 'GitHub fine-grained PAT', sample: 'using github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', secret: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz' },
  { name: 'Google API key', sample: 'maps key AIzaSyA1234567890abcdefghijklmnopqrstuv rejected', secret: 'AIzaSyA1234567890abcdefghijklmnopqrstuv' },
  { name: 'Google OAuth client secret', sample: 'oauth client GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoPq', secret: 'GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoPq' },
  { name: 'Azure AD client secret', sample: 'AZURE_CLIENT_CREDS xYz8Q~aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567', secret: 'xYz8Q~aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567' },
  { name: 'Azure SAS signature', sample: 'GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&ss=b&sig=AbCdEf%2BGhIjKl%3D&se=2026-01-01 403', secret: 'AbCdEf%2BGhIjKl%3D' },
  { name: 'Stripe secret key', sample: 'stripe sk_live_51HabcdefghijKLMNOPqrstuv', secret: 'sk_live_51HabcdefghijKLMNOPqrstuv' },
  { name: 'Stripe restricted key', sample: 'charge failed for rk_live_51HzYxWvUtSrQpOnMlKjIhG', secret: 'rk_live_51HzYxWvUtSrQpOnMlKjIhG' },
  { name: 'Stripe webhook secret', sample: 'verifying with whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  { name: 'OpenAI key', sample: 'export OPENAI=sk-proj-AbCdEf1234567890GhIjKlMnOp', secret: 'sk-proj-AbCdEf1234567890GhIjKlMnOp' },
  { name: 'Anthropic key', sample: 'llm key sk-ant-api03-AbCdEfGhIjKlMnOp1234567890', secret: 'sk-ant-api03-AbCdEfGhIjKlMnOp1234567890' },
  { name: 'Slack bot token', sample: 'slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', secret: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx' },
  { name: 'Slack webhook', sample: 'POST https://hooks.slack.com/services/T0AAA1111/B0BBB2222/abcdefghijklmnopqrstuvwx failed', secret: 'abcdefghijklmnopqrstuvwx' },
  { name: 'SendGrid key', sample: 'mail SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJK', secret: 'SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJK' },
  { name: 'AWS access key id', sample: 'credentials AKIAIOSFODNN7EXAMPLE are not allowed', secret: 'AKIAIOSFODNN7EXAMPLE' },
  { name: 'AWS secret access key', sample: 'aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', secret: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
  { name: 'Hugging Face token', sample: 'hub login hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567', secret: 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567' },
  { name: 'DigitalOcean token', sample: 'doctl auth dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', secret: 'dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
  { name: 'Docker Hub PAT', sample: 'pulling with dckr_pat_AbCdEfGhIjKlMnOpQrStUvWx12', secret: 'dckr_pat_AbCdEfGhIjKlMnOpQrStUvWx12' },
  { name: 'Grafana service account token', sample: 'grafana glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d', secret: 'glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_0a1b2c3d' },
  { name: 'Databricks token', sample: 'databricks dapi0123456789abcdef0123456789abcdef', secret: 'dapi0123456789abcdef0123456789abcdef' },
  { name: 'Mailgun key', sample: 'mailgun key-0123456789abcdefABCDEF0123456789', secret: 'key-0123456789abcdefABCDEF0123456789' },
  { name: 'Twilio API key', sample: 'twilio SK0123456789abcdef0123456789abcdef', secret: 'SK0123456789abcdef0123456789abcdef' },
  { name: 'Shopify token', sample: 'shop shpat_0123456789abcdef0123456789abcdef', secret: 'shpat_0123456789abcdef0123456789abcdef' },
  { name: 'Telegram bot token', sample: 'bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0', secret: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0' },
  { name: 'age secret key', sample: 'SOPS AGE-SECRET-KEY-1QQPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQQPZRY9X8GF2TVDW0S3JN54KHCE6', secret: 'AGE-SECRET-KEY-1QQPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQQPZRY9X8GF2TVDW0S3JN54KHCE6' },
  { name: 'Alibaba access key id', sample: 'aliyun LTAI5tAbCdEfGhIjKlMnOpQr', secret: 'LTAI5tAbCdEfGhIjKlMnOpQr' },
  // Shapes with no prefix.
  { name: 'PEM private key', sample: '-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEAx7Zk3ZqQmTqJZlQ4uT1vNnE2XbYcQ8a0 -----END RSA PRIVATE KEY-----', secret: 'MIIEowIBAAKCAQEAx7Zk3ZqQmTqJZlQ4uT1vNnE2XbYcQ8a0' },
  { name: 'long random base64', sample: 'session restored from Q2hhbmdlTWUxMjM0NTY3ODkwQWJjZGVmZ2hpams', secret: 'Q2hhbmdlTWUxMjM0NTY3ODkwQWJjZGVmZ2hpams' },
  { name: 'email', sample: 'image pull secret of ops-team@example.com was rejected', secret: 'ops-team@example.com' },
  { name: 'cookie', sample: 'Cookie: sessionid=5f4dcc3b5aa765d61d8327deb882cf99', secret: '5f4dcc3b5aa765d61d8327deb882cf99' },
];
