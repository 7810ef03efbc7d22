//! How long each class of personal data is kept (`app::retention`, `docs/PRIVACY.md`).

use clap::Args;

#[derive(Clone, Copy, Debug, Args)]
pub struct RetentionSettings {
    /// Days the raw MRZ of a document check is kept after the check was registered (decided);
    /// the parsed fields stay. 0: erased at the next run.
    #[arg(long, env = "ID06_RETAIN_RAW_MRZ_DAYS", default_value_t = 0)]
    pub retain_raw_mrz_days: u32,
    /// Days a document check that never became evidence (yellow, red, or green with the link to
    /// create an account unused) is kept, with its portrait.
    #[arg(long, env = "ID06_RETAIN_UNUSED_CHECK_DAYS", default_value_t = 30)]
    pub retain_unused_check_days: u32,
    /// Days a portrait is kept after its person's card was delivered, while no order of theirs
    /// waits to be printed.
    #[arg(long, env = "ID06_RETAIN_PORTRAIT_DAYS", default_value_t = 30)]
    pub retain_portrait_days: u32,
    /// Days the cardholder's personal data stays on a rejected, cancelled or expired order.
    #[arg(long, env = "ID06_RETAIN_CLOSED_ORDER_DAYS", default_value_t = 90)]
    pub retain_closed_order_days: u32,
    /// Days a security event is kept.
    #[arg(long, env = "ID06_RETAIN_SECURITY_EVENT_DAYS", default_value_t = 365)]
    pub retain_security_event_days: u32,
    /// Days a webhook delivery (with its payload) is kept after it was delivered or given up.
    #[arg(long, env = "ID06_RETAIN_WEBHOOK_DELIVERY_DAYS", default_value_t = 30)]
    pub retain_webhook_delivery_days: u32,
    /// Days a spreadsheet import of card orders (its report: who uploaded it, its rows' problem
    /// codes and orders) is kept after it ended.
    #[arg(long, env = "ID06_RETAIN_IMPORT_DAYS", default_value_t = 90)]
    pub retain_import_days: u32,
    /// Seconds between two runs of the retention job.
    #[arg(long, env = "ID06_RETENTION_INTERVAL_SECS", default_value_t = 3600)]
    pub retention_interval_secs: u64,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings {
            retain_raw_mrz_days: 0,
            retain_unused_check_days: 30,
            retain_portrait_days: 30,
            retain_closed_order_days: 90,
            retain_security_event_days: 365,
            retain_webhook_delivery_days: 30,
            retain_import_days: 90,
            retention_interval_secs: 3600,
        }
    }
}

impl RetentionSettings {
    pub fn rules(&self) -> app::retention::Rules {
        let days = |n: u32| chrono::TimeDelta::days(i64::from(n));
        app::retention::Rules {
            raw_mrz: days(self.retain_raw_mrz_days),
            unused_checks: days(self.retain_unused_check_days),
            portraits_after_delivery: days(self.retain_portrait_days),
            closed_orders: days(self.retain_closed_order_days),
            security_events: days(self.retain_security_event_days),
            webhook_deliveries: days(self.retain_webhook_delivery_days),
            imports: days(self.retain_import_days),
        }
    }

    pub fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.retention_interval_secs.max(1))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_defaults_are_the_rules_defaults() {
        assert_eq!(
            super::RetentionSettings::default().rules(),
            app::retention::Rules::default()
        );
    }
}
