/** What the foundation seed created, by stable key, for the area seeds and tests to build on. */
export interface SeedBase {
  unions: Record<'city' | 'east' | 'west' | 'eastStreet' | 'westTown' | 'xinghuo' | 'school' | 'logistics', string>;
  /** Named demo people by key (zhangWei, wangFang, ...). */
  people: Record<string, string>;
  /** Active member person ids per grassroots union key. */
  membersOf: Record<'xinghuo' | 'school' | 'logistics', string[]>;
}
