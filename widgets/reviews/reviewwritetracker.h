#pragma once

#include <QHash>
#include <QObject>
#include <functional>

namespace firebreak {

class ReviewSaver;
struct CommittedBatch;
struct WriteBatch;

// What one review editor has asked ReviewSaver to store and not yet seen stored. The editors
// refuse undo and redo while busy, because an undo of a row that is still being added would not
// yet know the row's id. A save may be given a callback that runs with the committed batch (to
// learn the ids the store gave new rows).
class ReviewWriteTracker final : public QObject {
    Q_OBJECT
public:
    using OnSaved = std::function<void(const CommittedBatch& batch)>;

    explicit ReviewWriteTracker(ReviewSaver& saver, QObject* parent = nullptr);

    quint64 save(const WriteBatch& batch, OnSaved onSaved = {});
    // True while a save of this editor is neither stored nor reported failed.
    bool isBusy() const;
    // Forgets what is in flight (the editor moved to another incident); callbacks no longer run.
    void forget();

Q_SIGNALS:
    // Any batch the saver reports stored, whoever saved it: review rows are applied from it.
    void committed(const firebreak::CommittedBatch& batch);
    void failed(const QString& error);
    void busyChanged(bool busy);

private:
    void onSaved(quint64 ticket, const CommittedBatch& batch);
    void onFailed(quint64 ticket, const QString& error);

    ReviewSaver& m_saver;
    QHash<quint64, OnSaved> m_pending; // neither stored nor failed
    QHash<quint64, OnSaved> m_failed; // reported failed; the writer may still store it
};

} // namespace firebreak
