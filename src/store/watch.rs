//! Noticing other processes' commits cheaply: `PRAGMA data_version` changes on
//! this connection whenever another connection commits, and costs no I/O.

use super::{Result, Store};

#[derive(Debug, Default, Clone, Copy)]
pub struct DataVersion(Option<i64>);

impl Store {
    /// Asked four times a second by every screen: the statement is cached.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }
}

impl DataVersion {
    /// True the first time and whenever another process committed since.
    pub fn changed(&mut self, store: &Store) -> Result<bool> {
        let v = store.data_version()?;
        let changed = self.0 != Some(v);
        self.0 = Some(v);
        Ok(changed)
    }
}
