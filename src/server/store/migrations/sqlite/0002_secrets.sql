-- lhs portal schema, version 2: no secret at rest.
--
-- Reset and invitation codes share one table (only their SHA-256 hashes are kept); `kind`
-- says which. Mails that carry a code keep it in `outbox.secret`, never in the body (which
-- holds a placeholder), and only until the mail is sent or the code expires.

ALTER TABLE password_resets ADD COLUMN kind TEXT NOT NULL DEFAULT 'reset'
    CHECK (kind IN ('reset', 'invite'));
CREATE INDEX password_resets_user ON password_resets(user_id);

ALTER TABLE outbox ADD COLUMN secret TEXT;
ALTER TABLE outbox ADD COLUMN secret_expires_at TEXT;
CREATE INDEX outbox_secrets ON outbox(secret_expires_at) WHERE secret IS NOT NULL;

-- Earlier versions kept temporary passwords and reset codes in mail bodies for ever: remove
-- them, and give up on such mails that were still waiting (their code is scrubbed).
UPDATE outbox
   SET body = 'Il contenuto di questa e-mail (una password temporanea o un codice) è stato rimosso dal database.',
       status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
       last_error = CASE WHEN status = 'pending'
                         THEN 'not sent: it carried a secret that lhs no longer keeps at rest'
                         ELSE last_error END
 WHERE kind IN ('temporary_password', 'password_reset');
