//! The web platform's globals: WinterTC's Minimum Common API, less the
//! network. Each group is installed on first use (`lazy`), so a runtime that
//! never touches one pays nothing for it.
use std::sync::Arc;

use crate::env::Env;
use crate::error::Result;
use crate::lazy;
use crate::state::RuntimeState;

pub(crate) fn define(env: &Env<'_>, shared: &Arc<RuntimeState>) -> Result<()> {
    lazy::define(env, shared, crate::timers::GLOBALS, crate::timers::install)?;
    lazy::define(env, shared, crate::encoding::GLOBALS, crate::encoding::install)?;
    lazy::define(env, shared, crate::streams::GLOBALS, crate::streams::install)?;
    Ok(())
}
