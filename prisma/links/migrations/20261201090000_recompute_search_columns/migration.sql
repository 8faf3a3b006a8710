-- Search normalization changed (NFKC, kana size, simplified Chinese, bracketed artist names such as "(G)I-DLE"):
-- blank the derived search columns; the links subgraph recomputes them on start (backfillSearchColumns).
UPDATE "Track" SET "searchTitle" = '', "searchArtists" = '';
