-- Code tables of the registry and the poverty lines, as reference data an administrator may change.
-- Codes are the Chinese labels the national system exports.

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '一般贫困户', '一般贫困户', 'Ordinary poor household', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '低保贫困户', '低保贫困户', 'Poor household on subsistence allowance', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '五保贫困户', '五保贫困户', 'Poor household under the five guarantees', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '低保户', '低保户', 'Subsistence allowance household', 4);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '五保户', '五保户', 'Five-guarantees household', 5);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_attribute', '低收入农户', '低收入农户', 'Low-income rural household', 6);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '因病', '因病', 'Illness', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '因残', '因残', 'Disability', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '因学', '因学', 'Education costs', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '因灾', '因灾', 'Disaster', 4);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '因婚', '因婚', 'Marriage costs', 5);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '缺土地', '缺土地', 'Lack of land', 6);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '缺水', '缺水', 'Lack of water', 7);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '缺技术', '缺技术', 'Lack of skills', 8);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '缺劳力', '缺劳力', 'Lack of labour', 9);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '缺资金', '缺资金', 'Lack of capital', 10);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '交通条件落后', '交通条件落后', 'Poor transport', 11);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '自身发展动力不足', '自身发展动力不足', 'Weak own drive', 12);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('cause', '其他', '其他', 'Other', 13);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_status', '未脱贫', '未脱贫', 'Not exited', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_status', '预脱贫', '预脱贫', 'Expected to exit', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_status', '已脱贫', '已脱贫', 'Exited', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('poverty_status', '返贫', '返贫', 'Returned to poverty', 4);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('standard', '国家', '国家', 'National', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('standard', '省定', '省定', 'Provincial', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('standard', '市定', '市定', 'Municipal', 3);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '户主', '户主', 'Head', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '配偶', '配偶', 'Spouse', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之子', '之子', 'Son', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之女', '之女', 'Daughter', 4);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之儿媳', '之儿媳', 'Daughter-in-law', 5);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之女婿', '之女婿', 'Son-in-law', 6);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之孙子', '之孙子', 'Grandson', 7);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之孙女', '之孙女', 'Granddaughter', 8);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之父', '之父', 'Father', 9);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之母', '之母', 'Mother', 10);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '之兄弟姐妹', '之兄弟姐妹', 'Sibling', 11);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('relation', '其他', '其他', 'Other', 12);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '文盲或半文盲', '文盲或半文盲', 'Illiterate or semi-literate', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '小学', '小学', 'Primary school', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '初中', '初中', 'Junior secondary', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '高中', '高中', 'Senior secondary', 4);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '大专及以上', '大专及以上', 'College or above', 5);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('education', '学龄前儿童', '学龄前儿童', 'Pre-school child', 6);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '学前教育', '学前教育', 'Pre-school', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '小学', '小学', 'Primary school', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '七年级', '七年级', 'Grade 7', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '八年级', '八年级', 'Grade 8', 4);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '九年级', '九年级', 'Grade 9', 5);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '高中', '高中', 'Senior secondary', 6);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '中职', '中职', 'Secondary vocational', 7);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '高职', '高职', 'Higher vocational', 8);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '大专', '大专', 'College', 9);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '本科及以上', '本科及以上', 'University or above', 10);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '非在校生', '非在校生', 'Not in school', 11);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('student_status', '辍学', '辍学', 'Dropped out', 12);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('health', '健康', '健康', 'Healthy', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('health', '长期慢性病', '长期慢性病', 'Chronic illness', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('health', '患有大病', '患有大病', 'Serious illness', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('health', '残疾', '残疾', 'Disability', 4);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('labor_ability', '普通劳动力', '普通劳动力', 'Ordinary labour', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('labor_ability', '技能劳动力', '技能劳动力', 'Skilled labour', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('labor_ability', '丧失劳动力', '丧失劳动力', 'Lost capacity to work', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('labor_ability', '无劳动力', '无劳动力', 'No labour capacity', 4);

insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('migrant_work', '省外务工', '省外务工', 'Working outside the province', 1);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('migrant_work', '县外省内务工', '县外省内务工', 'Working in the province outside the county', 2);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('migrant_work', '县内务工', '县内务工', 'Working in the county', 3);
insert into code_item (code_table, code, label_zh, label_en, sort_order) values ('migrant_work', '无', '无', 'Not migrant', 4);

insert into poverty_line (reg_year, province, amount, confirmed, source) values (2011, '', 2536.00, true, 'statistical yearbook (current prices)');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2012, '', 2625.00, true, 'statistical yearbook (current prices)');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2013, '', 2736.00, true, 'statistical yearbook (current prices)');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2014, '', 2800.00, true, 'statistical yearbook (current prices)');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2015, '', 2855.00, true, 'statistical yearbook (current prices)');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2016, '', 2952.00, true, 'statistical yearbook (current prices)');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2017, '', 2952.00, false, 'widely cited, not confirmed');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2018, '', 2995.00, false, 'widely cited, not confirmed');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2019, '', 3218.00, false, 'widely cited, not confirmed');
insert into poverty_line (reg_year, province, amount, confirmed, source) values (2020, '', 4000.00, false, 'widely cited, not confirmed');
