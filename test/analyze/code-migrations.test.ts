// Django operations that break the running version: each on an existing model is a breaking-change hazard with its rule;
// on a model created in the same migration it is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDjangoMigration } from '../../src/analyze/sql/code-migrations.ts';

const migration = (ops: string) => `from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n${ops}\n    ]\n`;

describe('Django breaking operations', () => {
  it('flags RemoveField, RenameField, RenameModel and DeleteModel on existing models', () => {
    const result = analyzeDjangoMigration(
      migration(
        [
          "        migrations.RemoveField(model_name='order', name='legacy'),",
          "        migrations.RenameField(model_name='order', old_name='a', new_name='b'),",
          "        migrations.RenameModel(old_name='Invoice', new_name='Bill'),",
          "        migrations.DeleteModel(name='Coupon'),",
        ].join('\n'),
      ),
    );
    const hazards = result.statements.flatMap((s) => s.hazards.map((h) => [h.check, h.rule, h.table]));
    assert.deepEqual(hazards, [
      ['breaking-change', 'ban-drop-column', 'order'],
      ['breaking-change', 'renaming-column', 'order'],
      ['breaking-change', 'renaming-table', 'invoice'],
      ['breaking-change', 'ban-drop-table', 'coupon'],
    ]);
    assert.match(result.statements[3]?.hazards[0]?.message ?? '', /DeleteModel coupon: the running version still reads and writes the table/);
  });

  it('says nothing about a model created in the same migration', () => {
    const result = analyzeDjangoMigration(
      migration(
        [
          "        migrations.CreateModel(name='Draft', fields=[('id', models.BigAutoField(primary_key=True))]),",
          "        migrations.RemoveField(model_name='draft', name='x'),",
          "        migrations.DeleteModel(name='Draft'),",
        ].join('\n'),
      ),
    );
    assert.deepEqual(result.statements, []);
  });
});
