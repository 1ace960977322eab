// The emails in English are word for word what they were before the catalogues (issue 25, part 3),
// and the same messages come out in German when the recipient's language is German.
import { describe, expect, it } from 'vitest';
import { invitationMail, organisationsMail, passwordResetMail, webhookDisabledMail } from './messages';

describe('emails in English (the default)', () => {
  it('invitation', () => {
    expect(invitationMail('a@x.test', 'Acme & Co', 'https://acme.example/invite?token=t', 7)).toEqual({
      to: 'a@x.test',
      subject: 'You are invited to Acme & Co on Quorum',
      text: [
        'You have been invited to join Acme & Co on Quorum, where its members run polls.',
        '',
        'Choose your password and join here (the link works once, for 7 days):',
        'https://acme.example/invite?token=t',
        '',
        'If you did not expect this invitation, ignore this message.',
      ].join('\n'),
    });
  });

  it('password reset', () => {
    expect(passwordResetMail('a@x.test', 'Acme', 'https://l', 60, 'en')).toEqual({
      to: 'a@x.test',
      subject: 'Reset your Acme password',
      text: [
        'Someone (hopefully you) asked to reset the password of your Acme account on Quorum.',
        '',
        'Choose a new password here (the link works once, for 60 minutes):',
        'https://l',
        '',
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ].join('\n'),
    });
  });

  it('find your organisation, one and several', () => {
    const one = organisationsMail('a@x.test', [{ name: 'Acme', link: 'https://acme/login' }]);
    expect(one.subject).toBe('Your organisation on Quorum');
    expect(one.text).toBe(
      [
        'Someone (hopefully you) asked where this address can log in to Quorum.',
        '',
        'It has an account here:',
        '- Acme: https://acme/login',
        '',
        'If you did not ask for this, ignore this message: nothing has changed.',
      ].join('\n'),
    );
    const two = organisationsMail('a@x.test', [
      { name: 'Acme', link: 'https://acme/login' },
      { name: 'Beta {x}', link: 'https://beta/login' },
    ]);
    expect(two.subject).toBe('Your organisations on Quorum');
    expect(two.text.split('\n').slice(2, 5)).toEqual([
      'It has an account in 2 organisations:',
      '- Acme: https://acme/login',
      '- Beta {x}: https://beta/login',
    ]);
  });

  it('webhook switched off, with and without a link; large counts are not grouped', () => {
    expect(webhookDisabledMail('a@x.test', 'Acme', 'https://hooks/x', 12, 'https://acme/settings/webhooks')).toEqual({
      to: 'a@x.test',
      subject: 'A webhook of Acme was switched off',
      text: [
        'Quorum could not deliver events to this webhook endpoint of Acme:',
        'https://hooks/x',
        '',
        '12 deliveries in a row failed after all their attempts, so the endpoint was switched off and no more events are sent to it.',
        'Check the delivery log and switch it back on here: https://acme/settings/webhooks',
      ].join('\n'),
    });
    const noLink = webhookDisabledMail('a@x.test', 'Acme', 'https://hooks/x', 1234, null);
    expect(noLink.text.split('\n').slice(3)).toEqual([
      '1234 deliveries in a row failed after all their attempts, so the endpoint was switched off and no more events are sent to it.',
      'An admin can check the delivery log and switch it back on in the organisation’s settings.',
    ]);
  });
});

describe('emails in German', () => {
  it('translate subject and body, keeping names, links and numbers', () => {
    const m = invitationMail('a@x.test', 'Acme', 'https://acme/invite?token=t', 7, 'de');
    expect(m.subject).toBe('Sie sind zu Acme bei Quorum eingeladen');
    expect(m.text).toContain('7 Tage lang');
    expect(m.text).toContain('\nhttps://acme/invite?token=t\n');
    expect(passwordResetMail('a@x.test', 'Acme', 'https://l', 60, 'de').subject).toBe('Passwort für Acme zurücksetzen');
    const orgs = organisationsMail(
      'a@x.test',
      [
        { name: 'Acme', link: 'https://acme/login' },
        { name: 'B', link: 'https://b' },
      ],
      'de',
    );
    expect(orgs.subject).toBe('Ihre Organisationen bei Quorum');
    expect(orgs.text).toContain('Diese Adresse hat ein Konto in 2 Organisationen:\n- Acme: https://acme/login\n- B: https://b');
    expect(webhookDisabledMail('a@x.test', 'Acme', 'https://hooks/x', 3, null, 'de').subject).toBe(
      'Ein Webhook von Acme wurde abgeschaltet',
    );
  });
});
