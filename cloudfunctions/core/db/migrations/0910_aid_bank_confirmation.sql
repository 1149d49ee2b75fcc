-- Issue 13: a claim in a payout batch is 发放中 (paying) until finance records the bank's confirmation
-- (date and reference of the bank's receipt, 回单); only then is it 已发放 (paid).
ALTER TABLE aid_claims DROP CONSTRAINT aid_claims_status_check;
ALTER TABLE aid_claims ADD CONSTRAINT aid_claims_status_check
  CHECK (status IN ('draft', 'submitted', 'returned', 'officer_approved', 'federation_approved', 'paying', 'paid', 'rejected'));
ALTER TABLE aid_claims ADD CONSTRAINT aid_claims_paying_batch
  CHECK (status <> 'paying' OR (batch_id IS NOT NULL AND approved_fen IS NOT NULL));

ALTER TABLE aid_payout_batches ADD COLUMN bank_paid_on date;
ALTER TABLE aid_payout_batches ADD COLUMN bank_reference text;
ALTER TABLE aid_payout_batches ADD COLUMN confirmed_by uuid REFERENCES people(id);
ALTER TABLE aid_payout_batches ADD COLUMN confirmed_at timestamptz;
ALTER TABLE aid_payout_batches ADD CONSTRAINT aid_payout_batches_confirmed
  CHECK ((bank_paid_on IS NULL) = (bank_reference IS NULL) AND (bank_paid_on IS NULL) = (confirmed_at IS NULL));

-- Batches paid before this step existed were confirmed at creation; say so rather than leave them open.
UPDATE aid_payout_batches SET bank_paid_on = (created_at AT TIME ZONE 'Asia/Shanghai')::date,
  bank_reference = '（启用到账登记前发放）', confirmed_at = created_at WHERE bank_paid_on IS NULL;
