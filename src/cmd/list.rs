use serde::Serialize;

use crate::cli::JsonFlag;
use crate::config::Config;
use crate::error::{exit, Error, Result};
use crate::output::{write_json, write_table};
use crate::questionnaire::Form;

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    items: usize,
    short_items: usize,
    dimensions: Vec<&'a str>,
    origin: String,
}

pub fn run(args: JsonFlag, config: &mut Config) -> Result<i32> {
    let catalog = config.catalog()?;
    let entries: Vec<Entry> = catalog
        .questionnaires
        .iter()
        .map(|q| Entry {
            id: &q.id,
            title: &q.title,
            version: &q.version,
            items: q.items.len(),
            short_items: q.items_in(Form::Short).count(),
            dimensions: q.dimensions.iter().map(|d| d.id.as_str()).collect(),
            origin: q.origin.to_string(),
        })
        .collect();
    if args.json {
        write_json(config.out, &entries).map_err(Error::Output)?;
        return Ok(exit::OK);
    }
    let mut table = config
        .look
        .table(&["Id", "Title", "Items", "Short", "Dimensions", "From"]);
    for e in &entries {
        table.add_row(vec![
            e.id.to_string(),
            e.title.to_string(),
            e.items.to_string(),
            e.short_items.to_string(),
            e.dimensions.join(", "),
            crate::text::safe(&e.origin).into_owned(),
        ]);
    }
    config.look.fit(&mut table, &[5, 4, 3]);
    write_table(config.out, &table).map_err(Error::Output)?;
    Ok(exit::OK)
}
