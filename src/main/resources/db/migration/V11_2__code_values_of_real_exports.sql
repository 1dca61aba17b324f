-- Values of the national system's export that V3 lacked, and common variants of values it has.
--
-- Where they come from (no official code list of the national poverty alleviation information system
-- could be consulted here, so every value below is one seen in public material, named, and nothing is
-- added by guesswork alone; where a line follows a pattern rather than a sighting, it says so):
--
-- [A] A public data-checking script for member-per-row exports of the national system (the kind of
--     file this import reads), found by text search in a public code index that did not name its
--     repository. Its checks list the values the export may hold for relation to the head (与户主关系),
--     education (文化程度), student status (在校生状况) and labour skill (劳动技能). The grades it lists
--     belong to the later monitoring system's export (after 2020), which kept the earlier values.
-- [B] Several other public programs that read these exports and convert between the system's numeric
--     codes and its labels: labour skill 弱劳动力或半劳动力; poverty attribute 特困供养贫困户, the name
--     that replaced 五保 (five guarantees) after the State Council's 2016 opinion on support for people
--     in extreme poverty (特困人员救助供养, 国发〔2016〕14号); poverty status 已脱贫(享受政策) and
--     已脱贫(不再享受政策), two kinds of 已脱贫.
-- [C] The public repository wwlwxg/fupin (constants of a county's import): causes written with the
--     suffix 致贫 (因病致贫, 因残致贫, 因学致贫, 缺技术致贫) and the poverty attributes
--     低保(部分)贫困户 and 低保(全家)贫困户, both read here as 低保贫困户.
-- [P] By the pattern of [C] only, not seen: the other causes with the suffix 致贫.
--
-- Not covered, for want of a source: variants of health (健康状况), migrant work (务工状况) and the
-- identification standard; those reach a coordinator as unknown values of a dry run, who maps them once.
-- Aliases are stored folded as the lookup compares them: full-width characters made half-width
-- (（ → (), spaces removed.

-- [A] relation to the head
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之外孙子', '之外孙子', 'Daughter''s son', 13);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之外孙女', '之外孙女', 'Daughter''s daughter', 14);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之岳父', '之岳父', 'Wife''s father', 15);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之岳母', '之岳母', 'Wife''s mother', 16);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之公公', '之公公', 'Husband''s father', 17);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之婆婆', '之婆婆', 'Husband''s mother', 18);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之祖父', '之祖父', 'Paternal grandfather', 19);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之祖母', '之祖母', 'Paternal grandmother', 20);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之外祖父', '之外祖父', 'Maternal grandfather', 21);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之外祖母', '之外祖母', 'Maternal grandmother', 22);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之曾孙子', '之曾孙子', 'Great-grandson', 23);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之曾孙女', '之曾孙女', 'Great-granddaughter', 24);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之侄儿', '之侄儿', 'Nephew', 25);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之侄女', '之侄女', 'Niece', 26);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之兄弟媳妇', '之兄弟媳妇', 'Brother''s wife', 27);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之叔伯', '之叔伯', 'Father''s brother', 28);

-- [A] education
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '大专', '大专', 'College', 7);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '本科及以上', '本科及以上', 'University or above', 8);

-- [A] student status
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '学龄前儿童', '学龄前儿童', 'Pre-school age child', 13);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '普通高中一年级', '普通高中一年级', 'Senior secondary, year 1', 14);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '普通高中二年级', '普通高中二年级', 'Senior secondary, year 2', 15);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '普通高中三年级', '普通高中三年级', 'Senior secondary, year 3', 16);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '中职一年级', '中职一年级', 'Secondary vocational, year 1', 17);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '中职二年级', '中职二年级', 'Secondary vocational, year 2', 18);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '中职三年级', '中职三年级', 'Secondary vocational, year 3', 19);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '高职高专一年级', '高职高专一年级', 'Higher vocational, year 1', 20);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '高职高专二年级', '高职高专二年级', 'Higher vocational, year 2', 21);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '高职高专三年级', '高职高专三年级', 'Higher vocational, year 3', 22);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '技师学院一年级', '技师学院一年级', 'Technician college, year 1', 23);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '技师学院二年级', '技师学院二年级', 'Technician college, year 2', 24);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '技师学院三年级', '技师学院三年级', 'Technician college, year 3', 25);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '技师学院四年级', '技师学院四年级', 'Technician college, year 4', 26);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '本科一年级', '本科一年级', 'University, year 1', 27);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '本科二年级', '本科二年级', 'University, year 2', 28);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '本科三年级', '本科三年级', 'University, year 3', 29);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '本科四年级', '本科四年级', 'University, year 4', 30);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '本科五年级', '本科五年级', 'University, year 5', 31);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '硕士研究生及以上', '硕士研究生及以上', 'Postgraduate', 32);

-- [A] [B] labour skill
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('labor_ability', '弱劳动力或半劳动力', '弱劳动力或半劳动力', 'Weak or half labour', 5);

-- [B] poverty attribute and status
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '特困供养贫困户', '特困供养贫困户', 'Poor household supported in extreme poverty', 7);
insert into code_alias (code_table, alias, code, origin) values ('poverty_status', '已脱贫(享受政策)', '已脱贫', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('poverty_status', '已脱贫(不再享受政策)', '已脱贫', 'shipped');

-- [C] causes with the suffix 致贫, and two kinds of 低保贫困户
insert into code_alias (code_table, alias, code, origin) values ('cause', '因病致贫', '因病', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '因残致贫', '因残', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '因学致贫', '因学', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '缺技术致贫', '缺技术', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('poverty_attribute', '低保(部分)贫困户', '低保贫困户', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('poverty_attribute', '低保(全家)贫困户', '低保贫困户', 'shipped');

-- [P] the other causes by the same pattern
insert into code_alias (code_table, alias, code, origin) values ('cause', '因灾致贫', '因灾', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '因婚致贫', '因婚', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '缺土地致贫', '缺土地', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '缺水致贫', '缺水', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '缺劳力致贫', '缺劳力', 'shipped');
insert into code_alias (code_table, alias, code, origin) values ('cause', '缺资金致贫', '缺资金', 'shipped');
