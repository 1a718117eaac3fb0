-- The catalog: categories and products.

insert into category (id, slug, name, description) values
	(1, 'coffee', 'Coffee', 'Whole-bean coffee from small roasters, roasted every week.'),
	(2, 'tea', 'Tea', 'Loose-leaf teas and herbal infusions.'),
	(3, 'brewing', 'Brewing', 'Pour-over drippers, presses and kettles.'),
	(4, 'grinders', 'Grinders', 'Burr grinders for every brewing method.'),
	(5, 'cups', 'Cups and mugs', 'Ceramic, glass and enamel cups and mugs.'),
	(6, 'accessories', 'Accessories', 'Scales, filters, cleaning and storage.');

insert into product (id, sku, name, description, price, stock, active, category_id, created_at) values
	(1, 'COF-001', 'Ethiopia Yirgacheffe', 'Floral and bright, with notes of jasmine and lemon. 250 g.', 14.50, 40, true, 1, timestamp with time zone '2026-01-02 09:00:00+00'),
	(2, 'COF-002', 'Colombia Huila', 'Balanced and sweet: caramel, red apple, milk chocolate. 250 g.', 12.90, 55, true, 1, timestamp with time zone '2026-01-03 09:00:00+00'),
	(3, 'COF-003', 'Kenya Nyeri AA', 'Juicy blackcurrant and grapefruit acidity. 250 g.', 16.80, 18, true, 1, timestamp with time zone '2026-01-04 09:00:00+00'),
	(4, 'COF-004', 'Brazil Cerrado', 'Nutty and chocolatey, low acidity, a classic espresso base. 1 kg.', 32.00, 25, true, 1, timestamp with time zone '2026-01-05 09:00:00+00'),
	(5, 'COF-005', 'Guatemala Antigua', 'Cocoa, spice and a smoky finish. 250 g.', 13.40, 30, true, 1, timestamp with time zone '2026-01-06 09:00:00+00'),
	(6, 'COF-006', 'House Espresso Blend', 'Brazil and Ethiopia for a sweet, syrupy shot. 1 kg.', 29.50, 60, true, 1, timestamp with time zone '2026-01-07 09:00:00+00'),
	(7, 'COF-007', 'Decaf Mexico', 'Swiss-water decaffeinated, toffee and orange. 250 g.', 13.90, 4, true, 1, timestamp with time zone '2026-01-08 09:00:00+00'),
	(8, 'COF-008', 'Rwanda Nyamasheke', 'Red berries and black tea. 250 g.', 15.20, 12, true, 1, timestamp with time zone '2026-01-09 09:00:00+00'),
	(9, 'TEA-001', 'Darjeeling First Flush', 'Light, muscatel, from the spring harvest. 100 g.', 11.00, 22, true, 2, timestamp with time zone '2026-01-10 09:00:00+00'),
	(10, 'TEA-002', 'Assam Breakfast', 'Malty and strong, takes milk well. 250 g.', 8.50, 48, true, 2, timestamp with time zone '2026-01-11 09:00:00+00'),
	(11, 'TEA-003', 'Sencha Kagoshima', 'Grassy Japanese green tea, steamed. 100 g.', 12.60, 15, true, 2, timestamp with time zone '2026-01-12 09:00:00+00'),
	(12, 'TEA-004', 'Jasmine Pearls', 'Green tea rolled with jasmine blossoms. 100 g.', 14.00, 3, true, 2, timestamp with time zone '2026-01-13 09:00:00+00'),
	(13, 'TEA-005', 'Rooibos Vanilla', 'Caffeine-free South African rooibos with vanilla. 150 g.', 7.20, 35, true, 2, timestamp with time zone '2026-01-14 09:00:00+00'),
	(14, 'TEA-006', 'Earl Grey Supreme', 'Black tea with bergamot and cornflower. 100 g.', 9.80, 27, true, 2, timestamp with time zone '2026-01-15 09:00:00+00'),
	(15, 'TEA-007', 'Peppermint Leaves', 'Whole dried peppermint. 80 g.', 5.90, 40, true, 2, timestamp with time zone '2026-01-16 09:00:00+00'),
	(16, 'BRW-001', 'Ceramic Dripper 02', 'Cone dripper for 1 to 4 cups.', 24.00, 20, true, 3, timestamp with time zone '2026-01-17 09:00:00+00'),
	(17, 'BRW-002', 'Glass Server 600 ml', 'Heat-resistant carafe with measuring marks.', 19.50, 16, true, 3, timestamp with time zone '2026-01-18 09:00:00+00'),
	(18, 'BRW-003', 'French Press 1 l', 'Stainless-steel press with double wall.', 39.90, 11, true, 3, timestamp with time zone '2026-01-19 09:00:00+00'),
	(19, 'BRW-004', 'Gooseneck Kettle', 'Temperature-controlled electric kettle, 0.9 l.', 89.00, 7, true, 3, timestamp with time zone '2026-01-20 09:00:00+00'),
	(20, 'BRW-005', 'AeroPress Original', 'The portable press for coffee on the go.', 34.95, 26, true, 3, timestamp with time zone '2026-01-21 09:00:00+00'),
	(21, 'BRW-006', 'Moka Pot 6 Cups', 'Classic aluminium stovetop espresso maker.', 29.00, 14, true, 3, timestamp with time zone '2026-01-22 09:00:00+00'),
	(22, 'BRW-007', 'Cold Brew Bottle', 'Brews 1 l of cold coffee overnight.', 27.50, 2, true, 3, timestamp with time zone '2026-01-23 09:00:00+00'),
	(23, 'GRD-001', 'Hand Grinder Pro', 'Conical steel burrs, 40 settings, fits in a bag.', 129.00, 9, true, 4, timestamp with time zone '2026-01-24 09:00:00+00'),
	(24, 'GRD-002', 'Electric Burr Grinder', 'Flat burrs, 60 settings, timer.', 249.00, 5, true, 4, timestamp with time zone '2026-01-25 09:00:00+00'),
	(25, 'GRD-003', 'Espresso Grinder 64', 'Stepless adjustment for espresso, 64 mm burrs.', 499.00, 3, true, 4, timestamp with time zone '2026-01-26 09:00:00+00'),
	(26, 'GRD-004', 'Travel Hand Grinder', 'Light aluminium body, ceramic burrs.', 59.00, 21, true, 4, timestamp with time zone '2026-01-27 09:00:00+00'),
	(27, 'GRD-005', 'Grinder Brush Set', 'Two brushes to clean burrs and chutes.', 9.90, 44, true, 4, timestamp with time zone '2026-01-28 09:00:00+00'),
	(28, 'CUP-001', 'Espresso Cup Set', 'Four porcelain cups with saucers, 80 ml.', 32.00, 18, true, 5, timestamp with time zone '2026-01-01 09:00:00+00'),
	(29, 'CUP-002', 'Cappuccino Cup', 'Thick-walled porcelain, 180 ml.', 12.50, 36, true, 5, timestamp with time zone '2026-01-02 09:00:00+00'),
	(30, 'CUP-003', 'Double-Wall Glass 250 ml', 'Keeps coffee hot and hands cool.', 16.00, 29, true, 5, timestamp with time zone '2026-01-03 09:00:00+00'),
	(31, 'CUP-004', 'Enamel Camping Mug', 'Chip-resistant enamel, 350 ml.', 14.90, 40, true, 5, timestamp with time zone '2026-01-04 09:00:00+00'),
	(32, 'CUP-005', 'Stoneware Mug', 'Handmade, each glaze slightly different, 300 ml.', 22.00, 8, true, 5, timestamp with time zone '2026-01-05 09:00:00+00'),
	(33, 'CUP-006', 'Travel Tumbler', 'Vacuum-insulated, leak-proof, 400 ml.', 27.00, 23, true, 5, timestamp with time zone '2026-01-06 09:00:00+00'),
	(34, 'ACC-001', 'Coffee Scale', '0.1 g resolution with built-in timer.', 45.00, 17, true, 6, timestamp with time zone '2026-01-07 09:00:00+00'),
	(35, 'ACC-002', 'Paper Filters 02 (100)', 'Bleached paper filters for cone drippers.', 6.50, 120, true, 6, timestamp with time zone '2026-01-08 09:00:00+00'),
	(36, 'ACC-003', 'Milk Frothing Pitcher', 'Stainless steel, 350 ml.', 18.00, 25, true, 6, timestamp with time zone '2026-01-09 09:00:00+00'),
	(37, 'ACC-004', 'Airtight Canister', 'Keeps 250 g of beans fresh with a CO2 valve.', 21.00, 31, true, 6, timestamp with time zone '2026-01-10 09:00:00+00'),
	(38, 'ACC-005', 'Descaling Powder', 'Citric-acid descaler for kettles and machines, 4 uses.', 8.90, 50, true, 6, timestamp with time zone '2026-01-11 09:00:00+00'),
	(39, 'ACC-006', 'Tamper 58 mm', 'Flat stainless-steel base, walnut handle.', 35.00, 6, true, 6, timestamp with time zone '2026-01-12 09:00:00+00'),
	(40, 'ACC-007', 'Knock Box', 'Rubber bar for espresso pucks.', 24.50, 13, true, 6, timestamp with time zone '2026-01-13 09:00:00+00');

alter table category alter column id restart with 7;
alter table product alter column id restart with 41;
