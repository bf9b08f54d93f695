import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeoverServiceOf } from '../../src/analyze/takeover-services.ts';

describe('takeoverServiceOf', () => {
  it('names the provider of takeover-prone CNAME targets', () => {
    assert.equal(takeoverServiceOf('acme-old.herokuapp.com.')?.provider, 'Heroku');
    assert.equal(takeoverServiceOf('shiny-thing-1234.herokudns.com')?.provider, 'Heroku');
    assert.equal(takeoverServiceOf('acme.azurewebsites.net')?.provider, 'Microsoft Azure');
    assert.equal(takeoverServiceOf('acme-assets.s3.amazonaws.com')?.provider, 'Amazon S3');
    assert.equal(takeoverServiceOf('acme.s3-website-us-east-1.amazonaws.com')?.provider, 'Amazon S3');
    assert.equal(takeoverServiceOf('acme.s3-website.eu-west-1.amazonaws.com')?.provider, 'Amazon S3');
    assert.equal(takeoverServiceOf('ACME.GitHub.IO')?.provider, 'GitHub Pages');
    assert.equal(takeoverServiceOf('acme.netlify.app')?.provider, 'Netlify');
    assert.equal(takeoverServiceOf('acme.vercel.app')?.provider, 'Vercel');
    assert.equal(takeoverServiceOf('acme.fly.dev')?.provider, 'Fly.io');
    assert.equal(takeoverServiceOf('acme.pages.dev')?.provider, 'Cloudflare Pages');
    assert.equal(takeoverServiceOf('acme.zendesk.com')?.provider, 'Zendesk');
  });

  it('does not match look-alike or unrelated names', () => {
    assert.equal(takeoverServiceOf('notherokuapp.com'), null);
    assert.equal(takeoverServiceOf('herokuapp.com.evil.example'), null);
    assert.equal(takeoverServiceOf('app.acme.example'), null);
    assert.equal(takeoverServiceOf('ec2-1-2-3-4.compute.amazonaws.com'), null);
    assert.equal(takeoverServiceOf('d111111abcdef8.cloudfront.net'), null);
  });
});
