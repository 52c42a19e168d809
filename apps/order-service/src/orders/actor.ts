/** Who asks: customers see their own orders, admins all of them. */
export interface Actor {
  id: string;
  isAdmin: boolean;
}

export function ownerFilter(actor: Actor): string | undefined {
  return actor.isAdmin ? undefined : actor.id;
}
