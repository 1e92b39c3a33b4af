//! The integration tests: one binary, one module per area, as casey/just and ripgrep do.
//! Every test runs the real `balance` binary through the builder in [`common`].

#[allow(dead_code)]
mod common;

mod advice;
mod args;
mod bad_input;
mod cli;
mod content;
mod history;
mod hostile;
mod html;
mod interactive;
mod labels;
mod practice;
mod properties;
mod quality;
mod robustness;
mod saving;
mod score;
mod validate;
