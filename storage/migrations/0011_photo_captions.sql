-- The donor's caption on a photo ("Jakken forfra"), shown to the admins with the photo.
-- PERSONAL like the photo itself: erasure deletes the row.
ALTER TABLE offer_photos ADD COLUMN caption TEXT;
