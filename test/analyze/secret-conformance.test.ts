// Conformance against gitleaks' own rule test cases (test/fixtures/vectors/secrets, MIT): each case committed as a .js file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { falsePositiveRate, loadGitleaksCases, recall, runConformance, scannerLevelNegatives } from '../support/gitleaks-cases.ts';

describe('gitleaks rule cases', () => {
  const cases = loadGitleaksCases();

  it('has the full corpus', () => {
    assert.equal(cases.filter((c) => c.expect === 'secret').length, 6396);
    assert.equal(cases.filter((c) => c.expect === 'none').length, 374);
  });

  it('finds at least 90% of the true positives and flags under 2% of the look-alikes as blockers', () => {
    const started = performance.now();
    const result = runConformance(cases, 'js');
    const negatives = runConformance(scannerLevelNegatives(cases), 'js');
    assert.ok(performance.now() - started < 10_000, 'the corpus must scan in seconds');
    assert.ok(recall(result.overall) >= 0.9, `recall ${(recall(result.overall) * 100).toFixed(1)}%; missed e.g. ${JSON.stringify(result.missed.slice(0, 3))}`);
    const blockers = negatives.falseAlarms.filter((f) => f.hits.some((h) => h.context === 'live')).length;
    assert.ok(blockers / negatives.overall.falsePositives < 0.02, `${blockers} of ${negatives.overall.falsePositives} look-alikes flagged as live`);
    // The raw rate over every gitleaks negative (including texts gitleaks itself labels a secret under another rule) is tracked, not hidden.
    assert.ok(falsePositiveRate(result.overall) < 0.08, `raw false-positive rate ${(falsePositiveRate(result.overall) * 100).toFixed(1)}%`);
  });

  it('each of the eight providers that caught nothing before now catches its cases', () => {
    const { byProvider } = runConformance(cases, 'js');
    for (const provider of ['algolia', 'bitbucket', 'datadog', 'discord', 'mapbox', 'newrelic', 'sendgrid', 'telegram']) {
      const t = byProvider.get(provider);
      assert.ok(t && t.found > 0 && recall(t) >= 0.3, `${provider}: ${t?.found} of ${t?.truePositives}`);
    }
  });
});
