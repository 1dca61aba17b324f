-- A 2018 responsibility list over the generated registry of registry-1m.sql: the tasks of the scenario's list
-- whose metrics that data feeds, with targets for the four counties and for Dalian (2102), which recorded
-- every generated record. The generated records get dates spread over the year, as the scenario's have.
update ledger_fund set disbursed_on = date '2018-01-05' + (id % 330)::int;
update ledger_industry set invested_on = date '2018-01-10' + (id % 320)::int;
update ledger_consumption set purchased_on = date '2018-02-01' + (id % 300)::int;
update ledger_social set donated_on = date '2018-03-01' + (id % 270)::int;
insert into action_plan (id, title, first_year, last_year, helping_region, helped_region, signed_on)
values (1, '大连市与六盘水市东西部扶贫协作三年行动计划（基准测试）', 2018, 2020, '2102', '5202', date '2018-09-12');
insert into responsibility_list (id, plan_id, plan_year, title) values (1, 1, 2018, '2018年责任清单（基准测试）');
insert into plan_task (id, list_id, seq, task_text, category, metric_id, indicator, unit, deadline) values
  (1, 1, 1, '拨付财政援助资金', 'FUNDS', 'funds.disbursed', '财政援助资金拨付', 'YUAN', date '2018-12-31'),
  (2, 1, 2, '安排财政援助资金', 'FUNDS', 'funds.allocated', '财政援助资金安排', 'YUAN', date '2018-12-31'),
  (3, 1, 3, '推动企业投资到位', 'INDUSTRY', 'industry.invested', '企业实际到位投资', 'YUAN', date '2018-12-31'),
  (4, 1, 4, '帮助贫困劳动力转移就业', 'LABOUR', 'labour.placed', '转移就业', 'PEOPLE', date '2018-12-31'),
  (5, 1, 5, '培训建档立卡贫困人口', 'TALENT', 'training.people', '培训人数', 'PEOPLE', date '2018-12-31'),
  (6, 1, 6, '帮扶覆盖建档立卡贫困人口', 'PAIRING', 'reach.people', '帮扶覆盖人数', 'PEOPLE', date '2018-12-31'),
  (7, 1, 7, '提高帮扶覆盖率', 'PAIRING', 'reach.coverage', '帮扶覆盖率', 'PERCENT', date '2018-12-31'),
  (8, 1, 8, '采购销售贫困地区农产品', 'CONSUMPTION', 'consumption.amount', '消费扶贫金额', 'YUAN', date '2018-12-31'),
  (9, 1, 9, '动员社会力量捐款捐物', 'FUNDS', 'social.donations', '社会捐赠', 'YUAN', date '2018-12-31'),
  (10, 1, 10, '核实建档立卡贫困人口', 'ORGANISATION', 'registry.poor_people', '建档立卡贫困人口', 'PEOPLE', date '2018-12-31');
insert into task_target (task_id, owner_region, owner_key, target)
select t.id, c.code, c.code, t.target from (values (2, 300000000), (3, 1500000000), (4, 25000), (5, 100000), (6, 200000), (7, 85), (10, 250000))
    as t(id, target)
cross join (values ('520201'), ('520203'), ('520204'), ('520281')) as c(code);
insert into task_target (task_id, owner_region, owner_key, target)
values (1, '2102', '2102', 1200000000), (8, '2102', '2102', 420000000), (9, '2102', '2102', 210000000);
select setval(pg_get_serial_sequence('action_plan', 'id'), 1);
select setval(pg_get_serial_sequence('responsibility_list', 'id'), 1);
select setval(pg_get_serial_sequence('plan_task', 'id'), 10);
vacuum analyze;
