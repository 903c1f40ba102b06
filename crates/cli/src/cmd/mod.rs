//! One module per command family.

pub mod audit;
pub mod check;
pub mod lists;
pub mod matching;
pub mod regimes;
pub mod request;
pub mod screen;
pub mod serve;
pub mod users;
pub mod watch;
pub mod webhooks;
pub mod worker;
