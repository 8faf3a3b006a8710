import type { Prisma } from './generated/client.ts';

/** The demo account's profiles (the reference's "Admin" and "Family"), each with a watchlist and a wishlist. */
export const DEMO_PROFILES = [
  {
    name: 'Admin',
    isDefault: true,
    avatarColor: '#6366f1',
    // The reference's watchlist example.
    watchlist: [{ artistName: 'Daft Punk', nameKey: 'daft punk', spotifyArtistId: '4tZwfgrHOc3mvqYlEYSvnL', itunesArtistId: '5468295' }],
    // The reference's wishlist example: "Paranoid Android" by its Spotify id.
    wishlist: [{ itemKey: 'SPOTIFY:6LgJvl0Xdtc73RJ1mN1a7Z', source: 'SPOTIFY', externalId: '6LgJvl0Xdtc73RJ1mN1a7Z', title: 'Paranoid Android', artistName: 'Radiohead', albumName: 'OK Computer', note: 'No sources found' }],
  },
  {
    name: 'Family',
    isDefault: false,
    avatarColor: '#10b981',
    watchlist: [{ artistName: 'Radiohead', nameKey: 'radiohead', spotifyArtistId: '4Z8W4fKeB5YxbusRsdQVPb', itunesArtistId: '657515', includeLive: true }],
    wishlist: [{ itemKey: 'ISRC:GBDUW0000053', isrc: 'GBDUW0000053', title: 'One More Time', artistName: 'Daft Punk', albumName: 'Discovery' }],
  },
] as const;

/** Writes the demo profiles of `accountId` with their lists; running it again changes nothing. */
export async function seedDemoProfiles(tx: Prisma.TransactionClient, accountId: string): Promise<void> {
  await tx.profile.createMany({
    data: DEMO_PROFILES.map(({ name, isDefault, avatarColor }) => ({ accountId, name, nameKey: name.toLowerCase(), avatarColor, isAdmin: isDefault, defaultFor: isDefault ? accountId : null })),
    skipDuplicates: true,
  });
  const profiles = await tx.profile.findMany({ where: { accountId, nameKey: { in: DEMO_PROFILES.map((p) => p.name.toLowerCase()) } } });
  for (const demo of DEMO_PROFILES) {
    const profile = profiles.find((p) => p.nameKey === demo.name.toLowerCase());
    if (!profile) continue;
    await tx.watchlistArtist.createMany({ data: demo.watchlist.map((w) => ({ ...w, profileId: profile.id })), skipDuplicates: true });
    await tx.wishlistTrack.createMany({ data: demo.wishlist.map((w) => ({ ...w, profileId: profile.id })), skipDuplicates: true });
  }
}
