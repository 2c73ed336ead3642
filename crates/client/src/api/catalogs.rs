//! What the phone pulls: the change feed and the catalogs (rewards, collection points).

use super::*;

impl ApiClient {
    /// The sync feed after `since`.
    pub async fn changes(&self, since: Option<&str>) -> Result<ChangesPage, CallError> {
        let path = match since {
            Some(cursor) => paths::changes_since(cursor),
            None => paths::CHANGES.to_string(),
        };
        parse(
            self.send(Method::GET, &path, None::<&()>, None, Auth::Required)
                .await?,
        )
    }

    /// The reward catalog.
    pub async fn rewards(&self) -> Result<Vec<Reward>, CallError> {
        let list: RewardList = parse(
            self.send(Method::GET, paths::REWARDS, None::<&()>, None, Auth::None)
                .await?,
        )?;
        Ok(list.rewards)
    }

    /// The collection points.
    pub async fn collection_points(&self) -> Result<Vec<CollectionPoint>, CallError> {
        let list: CollectionPointList = parse(
            self.send(
                Method::GET,
                paths::COLLECTION_POINTS,
                None::<&()>,
                None,
                Auth::None,
            )
            .await?,
        )?;
        Ok(list.collection_points)
    }
}
