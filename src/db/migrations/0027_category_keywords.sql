-- Words by which a dispatcher recognises a category in a message (占道经营, 摆摊 → 城管执法): with the classifier's
-- 一级 confidences they route a request by its finest category instead of its 一级 category's default department.
alter table categories add column keywords jsonb not null default '[]';
