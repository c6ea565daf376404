//! Built without the `inspector` feature: no runtime has a hub, so this type
//! has no values and its methods cannot be called.
use std::sync::Arc;

use super::{InspectorEndpoint, InspectorOptions};
use crate::env::Env;
use crate::error::{Error, Result};
use crate::state::RuntimeState;

pub(crate) enum Hub {}

impl Hub {
    pub(crate) fn for_options(options: Option<InspectorOptions>) -> Result<Option<Arc<Hub>>> {
        match options {
            None => Ok(None),
            Some(_) => Err(Error::Internal(
                "this build of jsrun has no inspector (the runtime crate's `inspector` feature is off)".into(),
            )),
        }
    }

    pub(crate) fn start(self: &Arc<Self>, _env: &Env<'_>, _shared: &Arc<RuntimeState>) -> Result<()> {
        match **self {}
    }

    pub(crate) fn endpoint(&self) -> Option<InspectorEndpoint> {
        match *self {}
    }

    pub(crate) fn worker_options(&self, _title: String, _url: String) -> Option<InspectorOptions> {
        match *self {}
    }

    pub(crate) fn session_count(&self) -> usize {
        match *self {}
    }

    pub(crate) fn close(&self) {
        match *self {}
    }

    pub(crate) fn interrupt_waits(&self) {
        match *self {}
    }

    pub(crate) fn clear_interrupted(&self) {
        match *self {}
    }

    pub(crate) fn request_interrupt(&self, _shared: &RuntimeState, _f: Box<dyn FnOnce() + Send>) {
        match *self {}
    }

    pub(crate) fn before_execution(&self) -> Result<()> {
        match *self {}
    }

    pub(crate) fn report_uncaught(&self, _env: &Env<'_>) {
        match *self {}
    }

    pub(crate) fn report_exception<'e>(
        &self,
        _env: &Env<'e>,
        _exception: crate::env::Local<'e>,
        _promise: Option<crate::env::Local<'e>>,
    ) {
        match *self {}
    }

    pub(crate) fn report_handled<'e>(&self, _env: &Env<'e>, _promise: crate::env::Local<'e>) {
        match *self {}
    }

    pub(crate) fn drain(&self) {
        match *self {}
    }
}
