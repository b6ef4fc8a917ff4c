-- A photo's perceptual hash (dHash, 64 bits of the decoded image at 9×8 grey): the same picture sent
-- again, re-encoded or resized, differs in a few bits; another picture in about half. Null where the
-- image could not be decoded here (WebP, HEIC). Duplicate detection compares it (docs/duplicates.md).
ALTER TABLE attachments ADD COLUMN photo_hash bigint;
