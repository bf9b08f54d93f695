// Credentials in SQL text are masked in place (first 4 characters, …, length); the rest of the statement is kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSqlSecrets } from '../../src/analyze/sql/mask-sql.ts';
import { maskSecret } from '../../src/mask.ts';

// assembled at run time so this file holds no credential-shaped literal
const PW = ['S3cr3t', 'Passw0rd!xyz'].join('');
const KEY = ['AKIA', 'QYLPMN5HHHFPZAM2'].join('');

describe('maskSqlSecrets', () => {
  it('masks role, user mapping and server passwords, and only them', () => {
    const cases: [string, string][] = [
      [`CREATE ROLE app LOGIN PASSWORD '${PW}';`, `CREATE ROLE app LOGIN PASSWORD '${maskSecret(PW)}';`],
      [`CREATE USER app WITH ENCRYPTED PASSWORD '${PW}' VALID UNTIL 'infinity';`, `CREATE USER app WITH ENCRYPTED PASSWORD '${maskSecret(PW)}' VALID UNTIL 'infinity';`],
      [`ALTER ROLE postgres PASSWORD '${PW}';`, `ALTER ROLE postgres PASSWORD '${maskSecret(PW)}';`],
      [`CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'app', password '${PW}');`, `CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'app', password '${maskSecret(PW)}');`],
      [`CREATE SERVER s FOREIGN DATA WRAPPER x OPTIONS (host 'h', password '${PW}');`, `CREATE SERVER s FOREIGN DATA WRAPPER x OPTIONS (host 'h', password '${maskSecret(PW)}');`],
      [`ALTER USER MAPPING FOR app SERVER s OPTIONS (SET password '${PW}');`, `ALTER USER MAPPING FOR app SERVER s OPTIONS (SET password '${maskSecret(PW)}');`],
    ];
    for (const [sql, expected] of cases) {
      const masked = maskSqlSecrets(sql);
      assert.equal(masked.text, expected);
      assert.deepEqual(masked.secrets, [PW]);
    }
  });

  it('masks quotes inside the password, E-strings and dollar quotes without leaking a tail', () => {
    const quoted = "it's-a-s3cret-pw";
    assert.equal(maskSqlSecrets("ALTER ROLE a PASSWORD 'it''s-a-s3cret-pw';").text, `ALTER ROLE a PASSWORD '${maskSecret(quoted).replace(/'/g, "''")}';`);
    assert.ok(!maskSqlSecrets("ALTER ROLE a PASSWORD E'it\\'s-a-s3cret-pw';").text.includes('s3cret-pw'));
    assert.ok(!maskSqlSecrets(`ALTER ROLE a PASSWORD $p$${PW}$p$;`).text.includes(PW));
  });

  it('masks a password nested in a DO body and an EXECUTE string', () => {
    const sql = `DO $$ BEGIN EXECUTE 'CREATE ROLE x LOGIN PASSWORD ''${PW}'''; END $$;`;
    assert.equal(maskSqlSecrets(sql).text, `DO $$ BEGIN EXECUTE 'CREATE ROLE x LOGIN PASSWORD ''${maskSecret(PW)}'''; END $$;`);
  });

  it('masks literals (and comments) the secret rules recognise, e.g. a key in COMMENT ON', () => {
    assert.equal(maskSqlSecrets(`COMMENT ON TABLE t IS 'export key ${KEY} here';`).text, `COMMENT ON TABLE t IS 'export key ${maskSecret(KEY)} here';`);
    assert.ok(!maskSqlSecrets(`CREATE TABLE t (id int); -- ${KEY}`).text.includes(KEY));
  });

  it('leaves ordinary SQL alone (no false masking of plain strings and quoted identifiers)', () => {
    for (const sql of [
      "CREATE INDEX i ON orders (id) WHERE note = 'plain text';",
      'ALTER TABLE "password" ADD COLUMN note text;',
      "COMMENT ON COLUMN users.password_hash IS 'bcrypt hash of the password';",
      "INSERT INTO t VALUES ('it''s fine');",
    ])
      assert.deepEqual(maskSqlSecrets(sql), { text: sql, secrets: [] });
  });
});
