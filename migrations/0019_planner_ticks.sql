-- When each planner last ticked: a tick that finds it later than now knows the clock was
-- set back, and plans every open row again (what was planned meanwhile used the wrong time).
ALTER TABLE planner_state ADD COLUMN last_tick_at TEXT;
