//! Accounts and roles: who may call the service, and as which procedure actor.
//!
//! A token is 32 random bytes, shown once at creation (`emb_` + hex) and stored only as its
//! SHA-256. The actor of every audit event written through the service is the authenticated
//! account's, never a field of a request body.

use embargo_domain::country::CountryCode;
use embargo_domain::procedure::machine::{Actor, Role as ActorRole};
use embargo_store::accounts::AccountRow;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Engine, EngineError};

/// What an account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A State's mission, an organisation or a recipient government's focal point: files and
    /// follows its own requests.
    Submitter,
    /// A State on the committee (acts only in years it sits).
    Member,
    /// The State chairing a committee (acts only where `committee-offices.json` says so).
    Chair,
    /// The committee's secretariat.
    Secretariat,
    /// The Panel of Experts.
    Panel,
    /// A licensing officer: checks transfers and screens.
    Licensing,
    /// A compliance analyst: screens and reads lists.
    Analyst,
    /// Reads everything and verifies the log.
    Auditor,
    /// Accounts and list imports.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 9] = [
        Role::Submitter,
        Role::Member,
        Role::Chair,
        Role::Secretariat,
        Role::Panel,
        Role::Licensing,
        Role::Analyst,
        Role::Auditor,
        Role::Admin,
    ];

    /// Parses a role name.
    pub fn parse(s: &str) -> Result<Role, EngineError> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| {
            EngineError::invalid_field(
                "role",
                format!(
                    "`{s}` is not a role ({})",
                    Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        })
    }

    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Submitter => "submitter",
            Role::Member => "member",
            Role::Chair => "chair",
            Role::Secretariat => "secretariat",
            Role::Panel => "panel",
            Role::Licensing => "licensing",
            Role::Analyst => "analyst",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }
}

/// An authenticated account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// The State it acts for (members and chairs).
    pub state: Option<CountryCode>,
    /// The submitter identity it acts for (submitters).
    pub submitter: Option<String>,
}

impl Account {
    /// The procedure actor this account acts as, if its role acts in the procedure.
    pub fn actor(&self) -> Option<Actor> {
        let (role, id) = match self.role {
            Role::Submitter => {
                (ActorRole::Submitter, self.submitter.clone().unwrap_or_else(|| self.name.clone()))
            }
            Role::Member => (ActorRole::Member, self.state?.as_str().to_owned()),
            Role::Chair => (ActorRole::Chair, self.state?.as_str().to_owned()),
            Role::Secretariat => (ActorRole::Secretariat, self.name.clone()),
            Role::Panel => (ActorRole::Panel, self.name.clone()),
            _ => return None,
        };
        Some(Actor { role, id })
    }
}

/// A new account and its token (shown once).
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The account as stored.
    pub account: AccountRow,
    /// The API token: give it to the account's holder; it is not stored.
    pub token: String,
}

/// SHA-256 of a token, hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn valid_name(name: &str) -> Result<(), EngineError> {
    if name.is_empty()
        || name.len() > 64
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(EngineError::invalid_field(
            "name",
            format!("`{name}` is not an account name (1-64 of A-Z a-z 0-9 - _ .)"),
        ));
    }
    Ok(())
}

fn from_row(r: &AccountRow) -> Result<Account, EngineError> {
    Ok(Account {
        name: r.name.clone(),
        role: Role::parse(&r.role)
            .map_err(|_| EngineError::Internal(format!("account {}: role `{}`", r.name, r.role)))?,
        state: r
            .state
            .as_deref()
            .map(CountryCode::parse)
            .transpose()
            .map_err(|e| EngineError::Internal(format!("account {}: state: {e}", r.name)))?,
        submitter: r.submitter.clone(),
    })
}

impl Engine {
    /// Creates an account; `by` is who creates it (the CLI's local user or an admin).
    pub async fn add_account(
        &self,
        name: &str,
        role: Role,
        state: Option<&str>,
        submitter: Option<&str>,
        by: &str,
    ) -> Result<NewAccount, EngineError> {
        valid_name(name)?;
        let state = match (role, state) {
            (Role::Member | Role::Chair, Some(s)) => {
                Some(CountryCode::parse(s).map_err(|e| EngineError::invalid_field("state", e))?)
            }
            (Role::Member | Role::Chair, None) => {
                return Err(EngineError::invalid_field(
                    "state",
                    format!("a {} account acts for a State: give --state CC", role.as_str()),
                ))
            }
            (_, Some(_)) => {
                return Err(EngineError::invalid_field(
                    "state",
                    format!("a {} account acts for no State", role.as_str()),
                ))
            }
            (_, None) => None,
        };
        let submitter = match (role, submitter) {
            (Role::Submitter, Some(s)) => {
                valid_name(s).map_err(|_| {
                    EngineError::invalid_field("submitter", format!("`{s}` is not an identifier"))
                })?;
                Some(s.to_owned())
            }
            (Role::Submitter, None) => Some(name.to_owned()),
            (_, Some(_)) => {
                return Err(EngineError::invalid_field(
                    "submitter",
                    "only a submitter account has a submitter identity",
                ))
            }
            (_, None) => None,
        };
        if role == Role::Secretariat && !self.rules().offices.is_secretariat(name) {
            return Err(EngineError::invalid_field(
                "name",
                format!("`{name}` is not one of the secretariat's identifiers in regimes/procedure/committee-offices.json"),
            ));
        }
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes)
            .map_err(|e| EngineError::Internal(format!("no randomness for a token: {e}")))?;
        let token = format!("emb_{}", hex::encode(bytes));
        let row = AccountRow {
            name: name.to_owned(),
            role: role.as_str().to_owned(),
            state: state.map(|s| s.as_str().to_owned()),
            submitter,
            created_at: String::new(),
            revoked_at: None,
        };
        let account = self.store().create_account(&row, &token_hash(&token), by).await?;
        Ok(NewAccount { account, token })
    }

    /// Every account (never a token).
    pub async fn accounts(&self) -> Result<Vec<AccountRow>, EngineError> {
        Ok(self.store().accounts().await?)
    }

    /// Revokes an account.
    pub async fn revoke_account(&self, name: &str, by: &str) -> Result<AccountRow, EngineError> {
        Ok(self.store().revoke_account(name, by).await?)
    }

    /// The account a bearer token belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Account, EngineError> {
        let row =
            self.store().account_by_token(&token_hash(token.trim())).await?.ok_or_else(|| {
                EngineError::Unauthenticated("the token is not valid or was revoked".into())
            })?;
        from_row(&row)
    }
}
