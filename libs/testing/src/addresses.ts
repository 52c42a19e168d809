/** A postal address a customer saves (POST /users/me/addresses) or an order ships to; tests spread it and override fields. */
export interface SampleAddress {
  label: string;
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

const PLACES = {
  Berlin: { line1: '1 Main Street', city: 'Berlin', postalCode: '10115', country: 'DE' },
  London: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
} as const;

/** A fresh copy of Ada Lovelace's 'home' address in Berlin (default) or London. */
export function sampleAddress(city: keyof typeof PLACES = 'Berlin'): SampleAddress {
  return { label: 'home', name: 'Ada Lovelace', ...PLACES[city] };
}
