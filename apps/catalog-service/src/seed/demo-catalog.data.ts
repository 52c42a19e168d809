import type { CategoryView } from '../categories/category-view';
import type { NewProduct } from '../products/create-product';

export const DEMO_CATEGORIES: CategoryView[] = [
  { slug: 'coffee', name: 'Coffee' },
  { slug: 'tea', name: 'Tea' },
  { slug: 'bakery', name: 'Bakery' },
  { slug: 'pantry', name: 'Pantry' },
  { slug: 'kitchen', name: 'Kitchen' },
];

const eur = (amount: number) => ({ amount, currency: 'EUR' as const });
const product = (
  sku: string,
  name: string,
  category: string,
  price: number,
  available: number,
  description: string,
): NewProduct => ({
  sku,
  name,
  category,
  price: eur(price),
  stock: { available },
  description,
  images: [`https://images.shopwire.example/${sku.toLowerCase()}.jpg`],
});

export const DEMO_PRODUCTS: NewProduct[] = [
  product('DEMO-COF-001', 'Espresso Beans 1 kg', 'coffee', 2490, 40, 'Dark roast, chocolate and hazelnut notes.'),
  product('DEMO-COF-002', 'Filter Coffee 500 g', 'coffee', 1190, 60, 'Medium roast for drip and pour-over.'),
  product('DEMO-COF-003', 'Decaf Beans 500 g', 'coffee', 1350, 25, 'Swiss-water decaffeinated, smooth and mild.'),
  product(
    'DEMO-COF-004',
    'Cold Brew Concentrate',
    'coffee',
    890,
    30,
    'Ready to dilute; one bottle makes eight glasses.',
  ),
  product('DEMO-COF-005', 'Single Origin Ethiopia', 'coffee', 1690, 12, 'Light roast with berry and jasmine notes.'),
  product('DEMO-COF-006', 'Coffee Capsules (20)', 'coffee', 790, 0, 'Compatible capsules, lungo strength.'),
  product('DEMO-TEA-001', 'Earl Grey Loose Leaf', 'tea', 990, 35, 'Black tea with bergamot oil.'),
  product('DEMO-TEA-002', 'Sencha Green Tea', 'tea', 1290, 20, 'Steamed Japanese green tea, grassy and fresh.'),
  product('DEMO-TEA-003', 'Chamomile Infusion', 'tea', 690, 50, 'Caffeine-free whole chamomile flowers.'),
  product('DEMO-TEA-004', 'Masala Chai Blend', 'tea', 1090, 18, 'Assam with cardamom, ginger and cinnamon.'),
  product('DEMO-TEA-005', 'Matcha Powder 30 g', 'tea', 1990, 8, 'Ceremonial grade stone-ground matcha.'),
  product('DEMO-TEA-006', 'Peppermint Leaves', 'tea', 590, 0, 'Whole dried peppermint leaves.'),
  product('DEMO-BAK-001', 'Sourdough Loaf', 'bakery', 550, 15, 'Naturally leavened, baked this morning.'),
  product('DEMO-BAK-002', 'Butter Croissant', 'bakery', 190, 40, 'Laminated with French butter.'),
  product('DEMO-BAK-003', 'Cinnamon Roll', 'bakery', 290, 24, 'Soft dough, cinnamon sugar, cream-cheese glaze.'),
  product('DEMO-BAK-004', 'Rye Bread', 'bakery', 480, 10, 'Dense whole-grain rye with seeds.'),
  product('DEMO-BAK-005', 'Blueberry Muffin', 'bakery', 260, 30, 'Studded with wild blueberries.'),
  product('DEMO-BAK-006', 'Baguette', 'bakery', 220, 0, 'Crisp crust, open crumb.'),
  product('DEMO-PAN-001', 'Extra Virgin Olive Oil 750 ml', 'pantry', 1290, 22, 'Cold-pressed, peppery finish.'),
  product('DEMO-PAN-002', 'Wildflower Honey 500 g', 'pantry', 890, 28, 'Raw honey from local beekeepers.'),
  product('DEMO-PAN-003', 'Dark Chocolate 70%', 'pantry', 350, 45, 'Single-origin cocoa, 100 g bar.'),
  product('DEMO-PAN-004', 'Strawberry Jam', 'pantry', 490, 16, 'Sixty percent fruit, slow-cooked.'),
  product('DEMO-PAN-005', 'Sea Salt Flakes', 'pantry', 420, 33, 'Hand-harvested pyramid flakes.'),
  product('DEMO-PAN-006', 'Granola (Maple & Pecan)', 'pantry', 690, 14, 'Oven-baked oats with maple syrup and pecans.'),
  product('DEMO-KIT-001', 'French Press 1 l', 'kitchen', 3490, 9, 'Borosilicate glass with a steel frame.'),
  product('DEMO-KIT-002', 'Ceramic Mug', 'kitchen', 1290, 50, 'Stoneware, 350 ml, dishwasher safe.'),
  product('DEMO-KIT-003', 'Burr Coffee Grinder', 'kitchen', 8990, 5, 'Conical burrs, 40 grind settings.'),
  product('DEMO-KIT-004', 'Gooseneck Kettle', 'kitchen', 5490, 7, 'Precise pouring for filter coffee.'),
  product('DEMO-KIT-005', 'Tea Infuser', 'kitchen', 690, 40, 'Fine stainless mesh basket.'),
  product('DEMO-KIT-006', 'Bread Knife', 'kitchen', 2990, 0, 'Serrated 22 cm blade.'),
];
